// What an independent review of the workspace found, each shown failing before its fix: demo mode
// behind a reverse proxy, demo sessions outliving demo mode, members dropped from the file keeping
// their sessions, live streams outliving their session, the token page's referrer, guests probing
// through the web's commands, a nonsense roster date.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { EnvError } from '../../src/config/env-checks';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { mintLoginLink } from '../../src/core/system/sign-in';
import { syncOrganisation } from '../../src/core/system/sync-organisation';
import { webSettings } from '../../src/server/workspace/settings';
import { sessions, timeline } from '../../src/db/schema';
import { ORIGIN, startBot } from '../helpers/runtime';

const json = (cookie: string, body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: ORIGIN, cookie },
  body: JSON.stringify(body),
});

describe('workspace review fixes', () => {
  it('behind a reverse proxy (HOST loopback, PUBLIC_URL public) there is no demo picker, and DEMO_MODE=true refuses to start', () => {
    expect(webSettings({ host: '127.0.0.1', publicUrl: 'https://yq.example.cn' }, []).demo).toBe(false);
    expect(() => webSettings({ host: '127.0.0.1', publicUrl: 'https://yq.example.cn', demoMode: 'true' }, [])).toThrow(EnvError);
    expect(webSettings({ host: '127.0.0.1', publicUrl: 'http://localhost:8787' }, []).demo).toBe(true);
    // HOST is loopback only as a literal: foo.localhost is whatever DNS says.
    expect(() => webSettings({ host: 'foo.localhost' }, [])).toThrow(/PUBLIC_URL/);
  });

  it('a session the demo picker opened is worthless once demo mode is off, and ends at start-up', async () => {
    const demo = startBot();
    const cookie = (await demo.signIn('chen-admin'))!;
    expect((await demo.app.request('/workspace/api/me', { headers: { cookie } })).status).toBe(200);
    const dbFile = demo.dbFile;
    // The same database, now with demo mode off (a platform connected, say).
    const later = startBot({ overrides: { databaseFile: dbFile, web: { demoMode: 'false' } } });
    expect((await later.app.request('/workspace/api/me', { headers: { cookie } })).status).toBe(401);
    expect(
      later.core.db
        .select()
        .from(sessions)
        .all()
        .every((s) => s.via !== 'demo' || s.endedAt !== null),
    ).toBe(true);
    expect(
      later.core.db
        .select()
        .from(timeline)
        .where(eq(timeline.kind, 'session_ended'))
        .all()
        .map((t) => t.text),
    ).toContain('演示模式已关闭，结束 1 个演示模式会话');
  });

  it('a member dropped from the organisation file loses their sessions and links, and reads nothing', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    const cookie = (await bot.signIn('wang-xiaoxuan'))!;
    const unused = mintLoginLink(bot.core.db, bot.core, '王小宣');
    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    org.members = org.members.filter((m) => m.key !== 'wang-xiaoxuan');
    syncOrganisation(bot.core.db, org, bot.clock.now());
    expect((await bot.app.request('/workspace/api/me', { headers: { cookie } })).status).toBe(401);
    const redeemed = await bot.app.request(new URL(unused.url).pathname, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(redeemed.status).toBe(410);
    // Signing in again (from a platform account they still have) makes them a guest, who reads no incident.
    const again = mintLoginLink(bot.core.db, bot.core, '王小宣');
    const res = await bot.app.request(new URL(again.url).pathname, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const guestCookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await bot.app.request('/workspace/api/incidents/YQ-20261121-001', { headers: { cookie: guestCookie } })).status).toBe(403);
  });

  it('a live stream ends when its session is ended', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    const cookie = (await bot.signIn('zhao-zong'))!;
    const admin = (await bot.signIn('chen-admin'))!;
    const res = await bot.app.request('/workspace/api/stream', { headers: { cookie } });
    const reader = res.body!.getReader();
    await reader.read(); // ready
    const [session] = bot.core.db
      .select()
      .from(sessions)
      .all()
      .filter((s) => s.endedAt === null);
    const ended = await bot.app.request(`/workspace/api/sessions/${session!.id}/end`, json(admin, {}));
    expect(ended.status).toBe(200);
    await bot.say('zheng-jiance', '预警 蓝 触发一次变化');
    const next = await Promise.race([reader.read(), new Promise<'open'>((r) => setTimeout(() => r('open'), 5000))]);
    expect(next).toMatchObject({ done: true });
  });

  it('the sign-in page lets its own requests carry only the origin as referrer (its URL holds the token)', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    const { url } = mintLoginLink(bot.core.db, bot.core, '王小宣');
    expect((await bot.app.request(new URL(url).pathname)).headers.get('referrer-policy')).toBe('strict-origin');
    expect((await bot.app.request('/login')).headers.get('referrer-policy')).toBe('strict-origin');
    expect((await bot.app.request('/assets/app.css')).headers.get('referrer-policy')).toBe('same-origin');
  });

  it('a guest cannot use the web’s actions and commands to probe tasks and roles', async () => {
    const bot = startBot({ overrides: { web: { demoMode: 'false' } } });
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    // A guest: someone the bot registered on another platform, then signed in with a link.
    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    org.members = org.members.filter((m) => m.key !== 'feng-bangong');
    syncOrganisation(bot.core.db, org, bot.clock.now());
    const { url } = mintLoginLink(bot.core.db, bot.core, '冯办公');
    const res = await bot.app.request(new URL(url).pathname, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    });
    const guest = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await bot.app.request('/workspace/api/actions', json(guest, { action: 'claim', value: 'T1' }))).status).toBe(403);
    expect((await bot.app.request('/workspace/api/commands', json(guest, { command: '换班', a: '赵总', b: '钱副总', day: '明天' }))).status).toBe(403);
  });

  it('a nonsense roster date falls back to this week instead of failing', async () => {
    const bot = startBot();
    const cookie = (await bot.signIn('zhao-zong'))!;
    for (const from of ['9999-12-31', '2026-13-45', '0000-00-00']) {
      const res = await bot.app.request(`/workspace/api/roster?from=${from}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { from: string }).from).toBe('2026-11-21');
    }
  });
});
