// The HTTP surface: health, every route the platforms and APIs mount (webhooks, the console), and
// the web workspace behind sign-in. Order matters: body limit → Host check → session → cross-site
// checks → routes. Webhooks and the token APIs pass the workspace's checks untouched (guards.ts).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { eq, sql } from 'drizzle-orm';
import { outbox } from '../db/schema';
import type { Core } from '../core/context';
import type { Inbound } from '../core/inbound/index';
import type { Logger } from '../logger';
import { crossSiteGuard, hostGuard } from './workspace/guards';
import { sessionMiddleware, type ServerEnv } from './workspace/session';
import type { WebSettings } from './workspace/settings';
import { workspaceRoutes } from './workspace/routes';

const MAX_BODY = 1024 * 1024;

export interface AppDeps {
  core: Core;
  inbound: Inbound;
  logger: Logger;
  /** Mount path → routes. */
  routes: ReadonlyMap<string, Hono<any>>;
  web: WebSettings;
  sessionSecret: string;
}

export function buildApp(deps: AppDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const tooLarge = (c: Context) => c.json({ error: '请求体超过 1 MB' }, 413);
  const streamingLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  // A declared length is checked for free; only chunked bodies need the (costlier) counting stream.
  app.use('*', async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined) return streamingLimit(c, next);
    if (Number(declared) > MAX_BODY) return tooLarge(c);
    await next();
  });
  app.use('*', hostGuard(deps.web));
  app.use('*', sessionMiddleware({ core: deps.core, web: deps.web, secret: deps.sessionSecret }));
  app.use('*', ...crossSiteGuard(deps.web));

  app.get('/healthz', (c) => {
    const count = (status: 'pending' | 'dead') =>
      deps.core.db
        .select({ n: sql<number>`count(*)` })
        .from(outbox)
        .where(eq(outbox.status, status))
        .get()?.n ?? 0;
    return c.json({ ok: true, outbox: { pending: count('pending'), dead: count('dead') } });
  });

  app.route(
    '/',
    workspaceRoutes({
      core: deps.core,
      inbound: deps.inbound,
      web: deps.web,
      secret: deps.sessionSecret,
      logger: deps.logger,
      consoleOn: deps.routes.has('/console'),
    }),
  );
  for (const [path, routes] of deps.routes) app.route(path, routes);

  app.notFound((c) => c.json({ error: `没有这个地址：${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    const errorId = Math.random().toString(36).slice(2, 10);
    deps.logger.error({ err, errorId, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: `服务器内部错误（编号 ${errorId}），请联系管理员查看日志` }, 500);
  });
  return app;
}
