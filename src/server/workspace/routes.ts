// The web workspace: sign-in, the pages (server-rendered shells that load their data from the JSON
// API), the API and its live stream, and the static files (one CSS, small script modules, ECharts
// from node_modules, the favicon). Pages need a session; a guest sees only their own reports.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { secureHeaders } from 'hono/secure-headers';
import type { Core } from '../../core/context';
import type { Inbound } from '../../core/inbound/index';
import type { Logger } from '../../logger';
import { afterIncidentApi } from './after-api';
import { projectFile } from '../../paths';
import { workspaceApi } from './api';
import { Changes } from './changes';
import { notice, shell, type PageName } from './html';
import { loginRoutes } from './login';
import type { ServerEnv } from './session';
import type { WebSettings } from './settings';

const ASSETS = projectFile('src/server/workspace/assets');
const TYPES: Record<string, string> = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
/** ECharts' common build (line charts, legend, tooltip), from the npm package: no CDN. ~240 KB gzipped. */
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.common.min.js');

export interface WorkspaceDeps {
  core: Core;
  inbound: Inbound;
  web: WebSettings;
  secret: string;
  logger: Logger;
  consoleOn: boolean;
}

export function workspaceRoutes(deps: WorkspaceDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const tz = deps.core.timeZone;
  const files = new Map<string, { body: string; type: string }>();
  const file = (name: string) => {
    let f = files.get(name);
    if (!f) {
      const path = name === 'echarts.min.js' ? ECHARTS : join(ASSETS, name);
      f = { body: readFileSync(path, 'utf8'), type: TYPES[name.split('.').pop()!] ?? 'application/octet-stream' };
      files.set(name, f);
    }
    return f;
  };

  app.use(
    '*',
    secureHeaders({ referrerPolicy: false, xFrameOptions: 'DENY', crossOriginOpenerPolicy: 'same-origin', crossOriginResourcePolicy: 'same-origin' }),
  );
  // same-origin unless a page says otherwise (the sign-in page, whose URL holds the token, sends
  // only the origin). Not no-referrer: under it a browser sends `Origin: null` with a form's POST,
  // which the cross-site check must refuse.
  app.use('*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Referrer-Policy')) c.res.headers.set('Referrer-Policy', 'same-origin');
  });

  app.use('/assets/*', compress());
  app.get('/favicon.svg', (c) => asset(c, file('favicon.svg')));
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    if (!/^[a-z0-9-]+(\.min)?\.(css|js|svg)$/.test(name)) return c.notFound();
    try {
      return asset(c, file(name));
    } catch {
      return c.notFound();
    }
  });

  app.route('/', loginRoutes(deps));
  app.route('/workspace/api', workspaceApi({ core: deps.core, inbound: deps.inbound, changes: new Changes(deps.core.db) }));
  app.route('/workspace/api', afterIncidentApi({ core: deps.core }));

  // A guest has no business in the console's groups either.
  app.use('/console/*', async (c, next) => {
    if (c.get('visit')?.member.guest) return c.html(guestNotice(c), 403);
    await next();
  });
  app.use('/console', async (c, next) => {
    if (c.get('visit')?.member.guest) return c.html(guestNotice(c), 403);
    await next();
  });

  const page =
    (name: PageName, title: string, opts: { guests?: boolean; data?: (c: Context<ServerEnv>) => Record<string, string> } = {}) =>
    (c: Context<ServerEnv>) => {
      const visit = c.get('visit');
      if (!visit) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
      if (!opts.guests && visit.member.guest) return c.html(guestNotice(c), 403);
      return c.html(
        shell({
          title,
          page: name,
          visit,
          consoleOn: deps.consoleOn,
          timeZone: tz,
          body: `<div class="loading">加载中…</div>`,
          script: `${name}.js`,
          data: opts.data?.(c),
        }),
      );
    };
  app.get('/', page('board', '态势看板', { guests: true }));
  app.get('/incidents/:number', page('incident', '事件详情', { data: (c) => ({ number: c.req.param('number') ?? '' }) }));
  app.get('/incidents/:number/review', page('review', '总结评估', { data: (c) => ({ number: c.req.param('number') ?? '' }) }));
  app.get('/archive', page('archive', '台账'));
  app.get('/accountability', page('accountability', '迟报与责任追究'));
  app.get('/tasks', page('tasks', '我的任务'));
  app.get('/approvals', page('approvals', '待我审批'));
  app.get('/roster', page('roster', '值班表'));
  app.get('/sessions', page('sessions', '我的会话', { guests: true }));

  function guestNotice(c: Context<ServerEnv>): string {
    return notice({
      title: '只能查看你上报的线索',
      text: '你还没有登记在组织名册里，工作台只显示你自己上报的线索。需要更多权限请联系管理员授予角色。',
      visit: c.get('visit'),
      timeZone: tz,
      action: '<p><a href="/">回到看板</a></p>',
    });
  }
  return app;
}

function asset(c: Context, f: { body: string; type: string }) {
  c.header('Content-Type', f.type);
  c.header('Cache-Control', 'public, max-age=300');
  return c.body(f.body);
}
