// Who gets in, and what cannot happen from outside: sign-in links (once, ten minutes, bound to
// one member, never shown in a group), sessions (cookie flags, sign-out, idle and absolute
// expiry, ended by an admin), and the checks every state change passes (session, Origin, JSON,
// Host). Each test would fail if the thing it forbids worked.
import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { botMessages, incidents, inbox, loginLinks, members, sessions, timeline } from '../../src/db/schema';
import { mintLoginLink } from '../../src/core/system/sign-in';
import { tokenDigest } from '../../src/core/tokens';
import { EnvError } from '../../src/config/env-checks';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { ORIGIN, startBot, type TestBot } from '../helpers/runtime';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const EVIL = 'https://evil.example';

/** Redeems a link over HTTP as a browser form would; the session cookie, or the status when refused. */
async function redeem(bot: TestBot, url: string, origin = ORIGIN): Promise<{ status: number; cookie: string | undefined; setCookie: string | null }> {
  const res = await bot.app.request(new URL(url).pathname, { method: 'POST', headers: { origin, 'content-type': 'application/x-www-form-urlencoded' } });
  const setCookie = res.headers.get('set-cookie');
  return { status: res.status, cookie: setCookie?.split(';')[0], setCookie };
}

const json = (cookie: string | undefined, body: unknown, headers: Record<string, string> = { origin: ORIGIN }) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
  body: JSON.stringify(body),
});

const noIncidents = (bot: TestBot) => expect(bot.core.db.select().from(incidents).all()).toEqual([]);

describe('sign-in links', () => {
  it('登录 in a Feishu group: the link goes privately, the group hears only that it was sent, the database keeps only its digest', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_wang-xiaoxuan', botOpenId: bot.api.botOpenId, text: '登录' }),
    );
    await bot.drain.drain();
    const group = bot.api.inChat(FEISHU_CHATS.command).map((m) => JSON.stringify(m.card));
    expect(group.join()).toContain('已私信你登录链接（10 分钟内有效，只能使用一次）');
    expect(group.join()).not.toContain('/login/');
    const url = JSON.stringify(bot.api.inChat('ou_wang-xiaoxuan')[0]!.card).match(/http:\/\/localhost:8787\/login\/([A-Za-z0-9_-]{43})/);
    expect(url).not.toBeNull();
    const [link] = bot.core.db.select().from(loginLinks).all();
    expect(link).toMatchObject({ tokenHash: tokenDigest(url![1]!), via: 'feishu', expiresAt: bot.clock.now() + 10 * MINUTE, usedAt: null });

    const signed = await redeem(bot, url![0]);
    expect(signed.status).toBe(303);
    // Once used, the token is gone from the stored copy of the private message too.
    expect(
      bot.core.db
        .select()
        .from(botMessages)
        .all()
        .filter((m) => JSON.stringify(m.card).includes('/login/')),
    ).toEqual([]);
    const rows = bot.core.db.select().from(timeline).where(eq(timeline.kind, 'signed_in')).all();
    expect(rows.map((r) => r.text)).toEqual(['王小宣 登录工作台（飞书链接）']);
  });

  it('a link works once: a second use, an expired link and a made-up token sign no one in; opening it (a link preview) does not spend it', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    const first = mintLoginLink(bot.core.db, bot.core, '王小宣');
    // GET shows the confirm page, twice, and spends nothing.
    for (let i = 0; i < 2; i++) {
      const page = await bot.app.request(new URL(first.url).pathname);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('以 王小宣 的身份登录烽火工作台');
    }
    expect((await redeem(bot, first.url)).status).toBe(303);
    const again = await redeem(bot, first.url);
    expect(again.status).toBe(410);
    expect(again.cookie).toBeUndefined();

    const late = mintLoginLink(bot.core.db, bot.core, '王小宣');
    bot.clock.advance(10 * MINUTE);
    const expired = await bot.app.request(new URL(late.url).pathname);
    expect(await expired.text()).toContain('已过期');
    expect((await redeem(bot, late.url)).status).toBe(410);

    expect((await redeem(bot, 'http://localhost/login/' + 'A'.repeat(43))).status).toBe(410);
    expect(bot.core.db.select().from(sessions).all()).toHaveLength(1);
  });

  it('the 登录 command on the console (no private messages) says what to do instead', async () => {
    const bot = startBot();
    await bot.say('wang-xiaoxuan', '登录');
    expect(await bot.lastBotText()).toContain('网页控制台不能私信登录链接');
    expect(bot.core.db.select().from(loginLinks).all()).toEqual([]);
  });
});

describe('sessions', () => {
  it('the cookie is HttpOnly, SameSite=Lax, Path=/, and Secure when PUBLIC_URL is https', async () => {
    const plain = startBot({ overrides: { web: { demoMode: 'false' } } });
    const { setCookie } = await redeem(plain, mintLoginLink(plain.core.db, plain.core, 'li-wangxin').url);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);

    const https = startBot({ overrides: { web: { host: '0.0.0.0', publicUrl: 'https://yq.example.cn' } } });
    const origin = 'https://yq.example.cn';
    const res = await https.app.request(`${origin}${new URL(mintLoginLink(https.core.db, https.core, 'li-wangxin').url).pathname}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
    // Over https the __Host- prefix: no subdomain can plant a cookie of that name.
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^__Host-fenghuo_session=/);
    expect((await https.app.request(`${origin}/workspace/api/me`, { headers: { cookie } })).status).toBe(200);
  });

  it('sign-out ends the session; so do 12 idle hours and 7 days whatever happens', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    const me = async (cookie: string | undefined) => (await bot.app.request('/workspace/api/me', { headers: cookie ? { cookie } : {} })).status;

    const a = (await redeem(bot, mintLoginLink(bot.core.db, bot.core, 'li-wangxin').url)).cookie;
    expect(await me(a)).toBe(200);
    expect((await bot.app.request('/logout', json(a, {}))).status).toBe(200);
    expect(await me(a)).toBe(401);
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(eq(timeline.kind, 'signed_out'))
        .all()
        .map((r) => r.text),
    ).toEqual(['李网信 退出工作台']);

    const b = (await redeem(bot, mintLoginLink(bot.core.db, bot.core, 'li-wangxin').url)).cookie;
    bot.clock.advance(11 * HOUR);
    expect(await me(b)).toBe(200);
    bot.clock.advance(12 * HOUR + MINUTE);
    expect(await me(b)).toBe(401);

    const c = (await redeem(bot, mintLoginLink(bot.core.db, bot.core, 'li-wangxin').url)).cookie;
    for (let h = 0; h < 7 * 24 - 6; h += 6) {
      bot.clock.advance(6 * HOUR);
      expect(await me(c)).toBe(200);
    }
    bot.clock.advance(6 * HOUR);
    expect(await me(c)).toBe(401);
  });

  it('a member sees and ends their own sessions; an admin ends anyone’s; nobody else can', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    const signIn = async (who: string) => (await redeem(bot, mintLoginLink(bot.core.db, bot.core, who).url)).cookie!;
    const phone = await signIn('li-wangxin');
    const desk = await signIn('li-wangxin');
    const other = await signIn('wang-xiaoxuan');
    const admin = await signIn('chen-admin');
    const list = async (cookie: string) => ((await (await bot.app.request('/workspace/api/sessions', { headers: { cookie } })).json()) as any).sessions;

    const mine = await list(desk);
    expect(mine.map((s: any) => s.member)).toEqual(['李网信', '李网信']);
    const phoneId = mine.find((s: any) => !s.current).id;
    // 王小宣 cannot end 李网信's session.
    expect((await bot.app.request(`/workspace/api/sessions/${phoneId}/end`, json(other, {}))).status).toBe(403);
    expect((await bot.app.request('/workspace/api/me', { headers: { cookie: phone } })).status).toBe(200);
    // 李网信 ends the phone's from the desk.
    expect((await bot.app.request(`/workspace/api/sessions/${phoneId}/end`, json(desk, {}))).status).toBe(200);
    expect((await bot.app.request('/workspace/api/me', { headers: { cookie: phone } })).status).toBe(401);
    // The admin sees everyone's and ends 王小宣's.
    const all = await list(admin);
    expect(new Set(all.map((s: any) => s.member))).toEqual(new Set(['李网信', '王小宣', '陈管理员']));
    const wangs = all.find((s: any) => s.member === '王小宣').id;
    expect((await bot.app.request(`/workspace/api/sessions/${wangs}/end`, json(admin, {}))).status).toBe(200);
    expect((await bot.app.request('/workspace/api/me', { headers: { cookie: other } })).status).toBe(401);
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(eq(timeline.kind, 'session_ended'))
        .all()
        .map((r) => r.text),
    ).toEqual(['李网信 结束了自己的一个工作台会话（09:00 登录）', '陈管理员 结束了 王小宣 的工作台会话（09:00 登录）']);
  });
});

describe('state changes need a session, our Origin and JSON', () => {
  it('without a session nothing changes: console, actions, commands, sign-out', async () => {
    const bot = startBot();
    for (const [path, body] of [
      ['/console/api/messages', { group: 'command', text: '预警 红 有人说我们不好', member: 'zhao-zong' }],
      ['/console/api/actions', { message: 1, action: 'claim', value: 'T1', member: 'zhao-zong' }],
      ['/workspace/api/actions', { action: 'claim', value: 'T1' }],
      ['/workspace/api/commands', { command: '排班', day: '明天', shift: '白班', role: '值班员', member: '王小宣' }],
      ['/logout', {}],
    ] as const) {
      expect((await bot.app.request(path, json(undefined, body))).status, path).toBe(401);
    }
    // Reading needs a session too: the directory of members and roles is not public.
    for (const path of [
      '/console/api/directory',
      '/console/api/messages?group=command',
      '/workspace/api/board',
      '/workspace/api/roster',
      '/workspace/api/incidents/YQ-20261121-001',
    ]) {
      expect((await bot.app.request(path)).status, path).toBe(401);
    }
    for (const path of ['/', '/console', '/roster', '/tasks']) {
      const page = await bot.app.request(path);
      expect(page.status, path).toBe(302);
      expect(page.headers.get('location')).toMatch(/^\/login/);
    }
    expect(bot.core.db.select().from(inbox).all()).toEqual([]);
    noIncidents(bot);
  });

  it('a signed-in person’s browser on another site cannot act for them: text/plain form, fetch with JSON, no Origin, cross-site fetch metadata', async () => {
    const bot = startBot();
    const cookie = await bot.signIn('zheng-jiance');
    const warning = { group: 'command', text: '预警 红 伪造的红色预警' };
    // A form on evil.example auto-submitting text/plain (no CORS preflight).
    const form = await bot.app.request('/console/api/messages', {
      method: 'POST',
      headers: { cookie: cookie!, origin: EVIL, 'content-type': 'text/plain' },
      body: JSON.stringify(warning),
    });
    expect(form.status).toBe(403);
    // The same as a form-urlencoded post.
    const urlencoded = await bot.app.request('/console/api/messages', {
      method: 'POST',
      headers: { cookie: cookie!, origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'group=command&text=x',
    });
    expect(urlencoded.status).toBe(403);
    // fetch() from evil.example with a JSON body.
    expect((await bot.app.request('/console/api/messages', json(cookie, warning, { origin: EVIL }))).status).toBe(403);
    expect((await bot.app.request('/workspace/api/commands', json(cookie, { command: '代班', member: '王小宣', day: '明天' }, { origin: EVIL }))).status).toBe(
      403,
    );
    // No Origin at all, or a browser saying the request is cross-site.
    expect((await bot.app.request('/console/api/messages', json(cookie, warning, {}))).status).toBe(403);
    expect((await bot.app.request('/console/api/messages', json(cookie, warning, { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }))).status).toBe(403);
    // Our own origin, but not JSON: refused all the same.
    const notJson = await bot.app.request('/console/api/messages', {
      method: 'POST',
      headers: { cookie: cookie!, origin: ORIGIN, 'content-type': 'text/plain' },
      body: JSON.stringify(warning),
    });
    expect(notJson.status).toBe(415);
    // A sign-in form from another site is refused too (login CSRF).
    expect(
      (
        await bot.app.request('/login/demo', {
          method: 'POST',
          headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'member=zhao-zong',
        })
      ).status,
    ).toBe(403);
    noIncidents(bot);

    // The control: the same request from our own page goes through.
    expect((await bot.app.request('/console/api/messages', json(cookie, warning, { origin: ORIGIN, 'sec-fetch-site': 'same-origin' }))).status).toBe(200);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  it('the acting member is the session’s, whatever the body says', async () => {
    const bot = startBot();
    const res = await bot.request(
      'wang-xiaoxuan',
      '/console/api/messages',
      json(undefined, { group: 'command', text: '角色 王小宣 管理员', member: 'chen-admin' }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).outcome).toBe('refused');
    expect(await bot.lastBotText()).toContain('王小宣，设置角色需要以下角色之一：管理员');
    expect(bot.core.db.select().from(members).where(eq(members.key, 'wang-xiaoxuan')).get()!.grantedRoles).toEqual([]);
  });

  it('a Host that is not ours is refused on every page and API; webhooks, the token APIs and /healthz are not the workspace’s', async () => {
    const bot = startBot();
    const cookie = await bot.signIn('zheng-jiance');
    for (const path of ['/', '/login', '/console', '/workspace/api/board', '/assets/app.css']) {
      expect((await bot.app.request(`http://evil.example${path}`, { headers: { cookie: cookie! } })).status, path).toBe(421);
    }
    const rebound = await bot.app.request(
      'http://evil.example/console/api/messages',
      json(cookie, { group: 'command', text: '预警 红 x' }, { origin: 'http://evil.example' }),
    );
    expect(rebound.status).toBe(421);
    noIncidents(bot);
    expect((await bot.app.request('http://evil.example/healthz')).status).toBe(200);
    expect((await bot.app.request('http://evil.example/api/incidents')).status).toBe(403);
    // Loopback names are fine when listening on loopback; PUBLIC_URL's host always.
    for (const host of ['http://localhost', 'http://127.0.0.1:8787', 'http://[::1]:8787'])
      expect((await bot.app.request(`${host}/login`)).status, host).toBe(200);

    const proxied = startBot({ overrides: { web: { host: '0.0.0.0', publicUrl: 'https://yq.example.cn' } } });
    expect((await proxied.app.request('https://yq.example.cn/login')).status).toBe(200);
    expect((await proxied.app.request('http://localhost/login')).status).toBe(421);
    expect((await proxied.app.request('http://10.0.0.5/login')).status).toBe(421);
  });
});

describe('what a guest sees', () => {
  it('a guest (registered by the bot, no role) sees the leads they reported and nothing of any incident', async () => {
    const bot = await startFeishuBot();
    const say = (from: string, text: string) =>
      bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: from, botOpenId: bot.api.botOpenId, text }));
    await say('ou_zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/123');
    await say('ou_stranger', '上报 https://weibo.com/456 又有人转发停水的帖子');
    await say('ou_stranger', '登录');
    await bot.drain.drain();
    // Their private chat has the link (and the answer to their 上报, which concerns only them).
    const url = JSON.stringify(bot.api.inChat('ou_stranger').map((m) => m.card)).match(/http:\/\/localhost:8787\/login\/[A-Za-z0-9_-]+/)![0];
    const { cookie } = await redeem(bot, url);
    const get = (path: string) => bot.app.request(path, { headers: { cookie: cookie! } });

    const board = (await (await get('/workspace/api/board')).json()) as any;
    expect(board).toMatchObject({ guest: true, reports: [{ summary: '又有人转发停水的帖子', link: 'https://weibo.com/456' }] });
    expect(JSON.stringify(board)).not.toContain('YQ-');
    expect(JSON.stringify(board)).not.toContain('停水三天');
    expect((await get('/workspace/api/incidents/YQ-20261121-001')).status).toBe(403);
    expect((await get('/incidents/YQ-20261121-001')).status).toBe(403);
    expect((await get('/workspace/api/roster')).status).toBe(403);
    expect((await get('/console')).status).toBe(403);
    expect((await get('/console/api/directory')).status).toBe(403);
    expect(((await (await get('/workspace/api/tasks')).json()) as any).tasks).toEqual([]);
    // A member with a role sees the incident.
    const member = await redeem(bot, mintLoginLink(bot.core.db, bot.core, 'wang-xiaoxuan').url);
    expect((await bot.app.request('/workspace/api/incidents/YQ-20261121-001', { headers: { cookie: member.cookie! } })).status).toBe(200);
  });
});

describe('demo mode', () => {
  it('refuses to start with DEMO_MODE=true on a non-loopback HOST, or with a chat platform; HOST 0.0.0.0 needs PUBLIC_URL', () => {
    expect(() => startBot({ overrides: { web: { host: '0.0.0.0', publicUrl: 'https://yq.example.cn', demoMode: 'true' } } })).toThrow(EnvError);
    expect(() => startBot({ overrides: { web: { host: '0.0.0.0', publicUrl: 'https://yq.example.cn', demoMode: 'true' } } })).toThrow(
      /DEMO_MODE=true：演示模式下任何人都能在登录页选择身份/,
    );
    expect(() => startBot({ overrides: { web: { host: '0.0.0.0' } } })).toThrow(/PUBLIC_URL：HOST=0\.0\.0\.0/);
    expect(() =>
      startBot({
        overrides: {
          web: { demoMode: 'true' },
          platforms: { feishu: { appId: 'a', appSecret: 'b', encryptKey: 'k', verificationToken: 't', domain: 'http://127.0.0.1:9', mode: 'webhook' } } as any,
        },
      }),
    ).toThrow(/DEMO_MODE=true：已配置聊天平台（feishu）/);
  });

  it('the picker is offered only on loopback with no platform; otherwise /login has none and /login/demo is gone', async () => {
    const demo = startBot();
    expect(demo.web.demo).toBe(true);
    expect(await (await demo.app.request('/login')).text()).toContain('id="demo-picker"');

    const feishu = await startFeishuBot();
    expect(feishu.web.demo).toBe(false);
    const page = await (await feishu.app.request('/login')).text();
    expect(page).not.toContain('demo-picker');
    expect(page).not.toContain('演示模式');
    const picked = await feishu.app.request('/login/demo', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'member=zhao-zong',
    });
    expect(picked.status).toBe(404);
    expect(picked.headers.get('set-cookie')).toBeNull();

    const exposed = startBot({ overrides: { web: { host: '0.0.0.0', publicUrl: 'https://yq.example.cn' } } });
    expect(exposed.web.demo).toBe(false);
    expect(await (await exposed.app.request('https://yq.example.cn/login')).text()).not.toContain('demo-picker');
    const off = startBot({ overrides: { web: { demoMode: 'false' } } });
    expect(await (await off.app.request('/login')).text()).not.toContain('demo-picker');
  });

  it('the picker opens a real session, on the record', async () => {
    const bot = startBot();
    await bot.say('wang-xiaoxuan', '状态');
    const [session] = bot.core.db.select().from(sessions).all();
    expect(session).toMatchObject({ via: 'demo', endedAt: null });
    expect(
      bot.core.db
        .select()
        .from(timeline)
        .where(and(eq(timeline.kind, 'signed_in'), like(timeline.text, '王小宣%')))
        .all()
        .map((t) => t.text),
    ).toEqual(['王小宣 登录工作台（演示模式）']);
  });
});

describe('登录 on WeChat (Wechaty)', () => {
  it('the link comes privately as text; the room hears only that it was sent', async () => {
    const { startWechatyBot } = await import('../fakes/wechaty-world');
    const bot = await startWechatyBot();
    const li = bot.people['li-wangxin']!;
    await bot.chat(li, '@烽火 登录', bot.rooms.command, { mentionBot: true });
    await bot.drain.drain();
    expect(bot.saidIn(bot.rooms.command).at(-1)).toContain('已私信你登录链接（10 分钟内有效，只能使用一次）');
    expect(bot.saidIn(bot.rooms.command).join()).not.toContain('/login/');
    const url = bot
      .saidTo(li)
      .at(-1)!
      .match(/http:\/\/localhost:8787\/login\/[A-Za-z0-9_-]{43}/)![0];
    expect((await redeem(bot, url)).status).toBe(303);
    expect(bot.core.db.select().from(timeline).where(eq(timeline.kind, 'signed_in')).get()?.text).toBe('李网信 登录工作台（微信链接）');
  });
});
