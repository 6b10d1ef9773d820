// The Feishu long connection never goes silent: against a fake long-connection server (the SDK's
// own protocol, test/fakes/feishu-long-connection.ts) that answers "system busy" (code 1) once,
// the official WSClient gives up — and the bot starts a new one, connects, and handles an event
// well within a minute. A drop is reconnected; each step is a line in the JSON log; /healthz and
// /metrics show the state; the frame's 64-bit LogID is echoed exactly.
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { incidents } from '../../src/db/schema';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { groupTextEvent } from '../fakes/feishu-events';
import { FakeFeishuLongConnection } from '../fakes/feishu-long-connection';

const servers: FakeFeishuLongConnection[] = [];
afterEach(() => {
  while (servers.length > 0) servers.pop()!.stop();
});

async function until(what: string, ok: () => boolean, withinMs: number): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Feishu long connection', () => {
  it('one "system busy" makes the SDK give up; the bot restarts it, connects and handles an event within a minute', async () => {
    const lines: any[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    let server!: FakeFeishuLongConnection;
    const started = Date.now();
    const bot = await startFeishuBot({
      encryptKey: undefined,
      mode: 'ws',
      logger,
      restartDelaysMs: [100],
      async beforeStart(api) {
        server = await new FakeFeishuLongConnection(api.appId, api.appSecret).start();
        servers.push(server);
        server.endpointAnswers.push({ code: 1, msg: 'system busy' });
        api.longConnection = server;
      },
    });
    const feishu = bot.platforms.feishu!;
    await until('connected', () => feishu.connection()?.state === 'connected', 60_000);
    expect(server.endpointCalls.map((c) => c.code)).toEqual([1, 0]);

    const ack = await server.push(
      groupTextEvent({
        token: VERIFICATION_TOKEN,
        chatId: FEISHU_CHATS.command,
        senderOpenId: 'ou_zheng-jiance',
        botOpenId: bot.api.botOpenId,
        text: '预警 橙 长连接上报的舆情',
      }),
    );
    expect(ack.code).toBe(200);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
    await bot.drain.drain();
    expect(bot.api.inChat(FEISHU_CHATS.command).length).toBeGreaterThan(0);
    // protobufjs with `long`: the uint64 LogID comes back bit for bit.
    expect(ack.logId).toBe('9223372036854775807');

    // The give-up and the restart are in our JSON log, with the SDK's own error line.
    const events = lines.filter((l) => l.connection === 'feishu').map((l) => l.event);
    expect(events).toEqual(['down', 'connected']);
    expect(lines.find((l) => l.event === 'down').reason).toContain('system busy');
    expect(lines.some((l) => l.sdk && /system busy/.test(l.msg))).toBe(true);

    const health = await (await bot.app.request('/healthz')).json();
    expect(health.connections.feishu).toMatchObject({ state: 'connected', ok: true });
    expect(await (await bot.app.request('/metrics')).text()).toContain('fenghuo_long_connection_up{platform="feishu"} 1');

    // A drop: the SDK reconnects by itself; logged as dropped, then reconnected.
    server.dropAll();
    await until('reconnected', () => lines.some((l) => l.event === 'reconnected'), 30_000);
    expect(lines.filter((l) => l.connection === 'feishu').map((l) => l.event)).toEqual(['down', 'connected', 'dropped', 'reconnected']);
    await server.whenConnected();
    const again = await server.push(
      groupTextEvent({
        token: VERIFICATION_TOKEN,
        chatId: FEISHU_CHATS.command,
        senderOpenId: 'ou_zheng-jiance',
        botOpenId: bot.api.botOpenId,
        text: '预警 黄 又一起',
      }),
    );
    expect(again.code).toBe(200);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(2);
    expect(feishu.connection()).toMatchObject({ state: 'connected', reconnects: 1 });
  });
});
