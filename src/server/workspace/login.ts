// Signing in and out. GET /login/<token> only shows a confirm page: chat apps fetch links to show
// a preview (Feishu unfurls them), and that fetch must not spend the link — the button's POST does.
// 演示模式 adds the "我是…" picker to /login; it still opens a real session.
import { Hono, type Context } from 'hono';
import type { Core } from '../../core/context';
import type { Inbound } from '../../core/inbound/index';
import { demoSignIn, endSession, peekLoginLink, redeemLoginLink, type SignedIn } from '../../core/system/sign-in';
import { esc, notice, shell } from './html';
import { clearSessionCookie, setSessionCookie, type ServerEnv } from './session';
import type { WebSettings } from './settings';

export interface LoginDeps {
  core: Core;
  inbound: Inbound;
  web: WebSettings;
  secret: string;
}

/** Only a path on this site: never an open redirect. */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/(?![/\\])[\w\-./?=&%~]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

export function loginRoutes(deps: LoginDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const tz = deps.core.timeZone;
  const noStore = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    // The page's own requests (its stylesheet, icon) must not carry the token in their Referer;
    // strict-origin still lets the form's POST carry a real Origin (no-referrer would make it null).
    c.header('Referrer-Policy', 'strict-origin');
  };

  app.get('/login', (c) => {
    noStore(c);
    const next = safeNext(c.req.query('next'));
    if (c.get('visit') && !deps.web.demo) return c.redirect(next);
    const how = `<section class="panel">
  <h1>登录烽火工作台</h1>
  <ol class="steps">
    <li>在飞书、企业微信或微信里，对机器人发送 <b>登录</b>（群里或私聊都可以）。</li>
    <li>机器人会私信你一个登录链接，10 分钟内有效，只能使用一次。</li>
    <li>打开链接，点「登录」。</li>
  </ol>
  <p class="muted">第一次使用、还没有接入聊天平台时，请管理员在服务器上运行 <code>npm run login-link -- 姓名</code> 生成登录链接。</p>
</section>`;
    const picker = deps.web.demo ? demoPicker(deps, next) : '';
    return c.html(shell({ title: '登录', page: 'login', visit: c.get('visit'), body: picker + how, timeZone: tz }));
  });

  app.post('/login/demo', async (c) => {
    if (!deps.web.demo) return c.json({ error: '没有这个地址：演示模式未开启' }, 404);
    const form = await c.req.parseBody();
    const member = typeof form.member === 'string' ? form.member : '';
    const signed = demoSignIn(deps.core.db, deps.core, member, c.req.header('user-agent') ?? '');
    return finish(c, signed, typeof form.next === 'string' ? form.next : undefined);
  });

  app.get('/login/:token', (c) => {
    noStore(c);
    const token = c.req.param('token');
    const peek = peekLoginLink(deps.core.db, deps.core, token);
    if ('problem' in peek) return c.html(spent(peek.problem, tz), 410);
    return c.html(
      shell({
        title: '确认登录',
        page: 'login',
        timeZone: tz,
        body: `<section class="panel"><h1>以 ${esc(peek.member.name)} 的身份登录烽火工作台</h1>
<form method="post" action="/login/${esc(token)}"><button class="primary big" type="submit">登录</button></form>
<p class="muted">链接只能使用一次。如果这不是你申请的链接，请关闭页面。</p></section>`,
      }),
    );
  });

  app.post('/login/:token', async (c) => {
    noStore(c);
    const signed = redeemLoginLink(deps.core.db, deps.core, c.req.param('token'), c.req.header('user-agent') ?? '');
    return finish(c, signed, undefined);
  });

  app.post('/logout', async (c) => {
    const visit = c.get('visit')!;
    endSession(deps.core.db, deps.core, { sessionId: visit.session.id, by: visit.member, current: true });
    clearSessionCookie(c, deps.web);
    return c.json({ ok: true, next: '/login' });
  });

  async function finish(c: Context, signed: SignedIn | { problem: string }, next: string | undefined) {
    if ('problem' in signed) return c.html(spent(signed.problem, tz), 410);
    await setSessionCookie(c, deps, signed.token);
    return c.redirect(safeNext(next), 303);
  }
  return app;
}

function spent(problem: string, timeZone: string): string {
  return notice({
    title: '无法登录',
    text: `${problem}请在聊天里对机器人重新发送「登录」获取新链接。`,
    timeZone,
    action: '<p><a href="/login">返回登录页</a></p>',
  });
}

function demoPicker(deps: LoginDeps, next: string): string {
  const people = deps.inbound.directory.people('console');
  const buttons = people
    .map(
      (
        p,
      ) => `<form method="post" action="/login/demo"><input type="hidden" name="member" value="${esc(p.platformUserId)}"><input type="hidden" name="next" value="${esc(next)}">
<button type="submit" class="person"><b>${esc(p.name)}</b><span>${esc(p.roles.join('、'))}</span></button></form>`,
    )
    .join('');
  return `<section class="panel demo" id="demo-picker">
  <h1><span class="demo-badge">演示模式</span> 我是…</h1>
  <p class="muted">没有接入任何聊天平台、只在本机访问时才有这个选择：点一个人，以他的身份体验。接入平台或对外开放后，这里会消失，只能用登录链接。</p>
  <div class="people">${buttons}</div>
</section>`;
}
