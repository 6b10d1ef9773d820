// The WeCom robot's long connection reports its state: connected in /healthz and /metrics, a drop
// logged as dropped and the SDK's reconnect as reconnected, in the JSON log.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeWecomApi } from '../fakes/wecom-api';
import { FakeRobotServer } from '../fakes/wecom-robot-ws';
import { startBot } from '../helpers/runtime';
import { organisation } from './robot-fixtures';

const stops: (() => void)[] = [];
afterEach(() => {
  while (stops.length > 0) stops.pop()!();
});

async function until(what: string, ok: () => boolean, withinMs: number): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WeCom robot long connection', () => {
  it('is reported connected, and a drop and the reconnect are logged', async () => {
    const lines: any[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const robot = await new FakeRobotServer().start();
    const api = await new FakeWecomApi().start();
    stops.push(
      () => robot.stop(),
      () => api.stop(),
    );
    const bot = startBot({
      overrides: {
        logger,
        organisation: { value: organisation() },
        platforms: { wecom: { bot: { mode: 'ws', botId: robot.botId, secret: robot.secret, wsUrl: robot.url, apiBase: api.url } } },
      },
    });
    expect((await (await bot.app.request('/healthz')).json()).connections.wecom).toMatchObject({ state: 'connecting', ok: true });
    await bot.start();
    await robot.authenticatedOnce();
    await until('connected', () => bot.platforms.wecom!.connection()?.state === 'connected', 10_000);
    expect((await (await bot.app.request('/healthz')).json()).connections.wecom).toMatchObject({ state: 'connected', ok: true });
    expect(await (await bot.app.request('/metrics')).text()).toContain('fenghuo_long_connection_up{platform="wecom"} 1');

    robot.dropClients();
    await until('reconnected', () => lines.some((l) => l.event === 'reconnected'), 20_000);
    expect(lines.filter((l) => l.connection === 'wecom robot').map((l) => l.event)).toEqual(['connected', 'dropped', 'reconnected']);
    expect(bot.platforms.wecom!.connection()).toMatchObject({ state: 'connected', reconnects: 1 });
  });
});
