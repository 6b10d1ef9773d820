// Webhook mode without an Encrypt Key: nothing is signed, so only the Verification Token and the
// event's own header.create_time stand between a copied request and a new incident. Start-up
// refuses it unless FEISHU_ALLOW_UNENCRYPTED=true, says so in the log when allowed, and every
// unsigned event must be recent; the inbox keeps event ids longer than any accepted age.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { feishuConfigFrom } from '../../adapters/feishu/config';
import { eventTimeMs, MAX_REQUEST_AGE_MS, verifyFeishuRequest } from '../../adapters/feishu/verify';
import { EnvError } from '../../src/config/env';
import { INBOX_RETENTION_MS } from '../../src/core/inbound/prune';
import { incidents } from '../../src/db/schema';
import { cardActionEvent, groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';

const token = VERIFICATION_TOKEN;
const base = { FEISHU_APP_ID: 'cli_a', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 'v' };

describe('FEISHU_ALLOW_UNENCRYPTED', () => {
  it('webhook mode without FEISHU_ENCRYPT_KEY stops start-up, naming both variables', () => {
    expect(() => feishuConfigFrom(base)).toThrow(EnvError);
    expect(() => feishuConfigFrom(base)).toThrow(/FEISHU_ENCRYPT_KEY/);
    expect(() => feishuConfigFrom(base)).toThrow(/FEISHU_ALLOW_UNENCRYPTED=true/);
  });
  it('starts when explicitly allowed, with a key, or over the long connection; other values are refused', () => {
    expect(feishuConfigFrom({ ...base, FEISHU_ALLOW_UNENCRYPTED: 'true' })).toMatchObject({ encryptKey: undefined, mode: 'webhook' });
    expect(feishuConfigFrom({ ...base, FEISHU_ENCRYPT_KEY: 'k' })).toMatchObject({ encryptKey: 'k' });
    expect(feishuConfigFrom({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'b', FEISHU_MODE: 'ws' })).toMatchObject({ mode: 'ws' });
    expect(() => feishuConfigFrom({ ...base, FEISHU_ALLOW_UNENCRYPTED: 'yes' })).toThrow(/FEISHU_ALLOW_UNENCRYPTED 只能是 true 或 false/);
    expect(() => feishuConfigFrom({ ...base, FEISHU_ALLOW_UNENCRYPTED: 'false' })).toThrow(/FEISHU_ENCRYPT_KEY/);
  });
  it('is one of the variables the platform declares', async () => {
    const { feishuPlatform } = await import('../../adapters/feishu/index');
    expect(feishuPlatform.env).toContain('FEISHU_ALLOW_UNENCRYPTED');
  });
});

describe('Feishu webhook without an Encrypt Key', () => {
  it('warns at start-up that requests are checked by token and time only', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    await startFeishuBot({ encryptKey: undefined, logger });
    expect(lines.join('')).toMatch(/FEISHU_ENCRYPT_KEY/);
  });

  it("a copied request from 2020 raises nothing, in milliseconds or microseconds; today's is handled", async () => {
    const bot = await startFeishuBot({ encryptKey: undefined });
    const event = (createTime: string, text: string) =>
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text, createTime });
    const in2020 = Date.UTC(2020, 5, 1);
    expect((await bot.post(event(String(in2020), '预警 红 旧事重提'))).status).toBe(401);
    expect((await bot.post(event(`${in2020}000`, '预警 红 旧事重提'))).status).toBe(401);
    const noTime = event('', '预警 红 没有时间');
    delete (noTime.header as { create_time?: string }).create_time;
    expect((await bot.post(noTime)).status).toBe(401);
    expect(bot.core.db.select().from(incidents).all()).toEqual([]);
    expect((await bot.post(event(`${Date.now()}123`, '预警 蓝 刚刚发生'))).status).toBe(200);
    expect(bot.core.db.select().from(incidents).all()).toHaveLength(1);
  });

  it('a card callback (microseconds, as its document shows) passes; the URL check needs no time', async () => {
    const bot = await startFeishuBot({ encryptKey: undefined });
    expect(await bot.post({ challenge: 'c', token, type: 'url_verification' })).toEqual({ status: 200, body: { challenge: 'c' } });
    const tap = cardActionEvent({
      token,
      operatorOpenId: 'ou_li-wangxin',
      messageId: 'om_none',
      chatId: FEISHU_CHATS.command,
      value: { action: 'claim', value: 'T1' },
    });
    expect((await bot.post(tap)).status).toBe(200);
  });
});

describe('the unsigned time check', () => {
  const NOW = Date.UTC(2026, 10, 21, 1, 0, 0);
  const body = (createTime: unknown) =>
    Buffer.from(
      JSON.stringify({ schema: '2.0', header: { event_id: 'e', event_type: 'im.message.receive_v1', token: 'vt', create_time: createTime }, event: {} }),
    );

  it('reads seconds, milliseconds and microseconds, and nothing else', () => {
    expect(eventTimeMs('1795222800')).toBe(1_795_222_800_000);
    expect(eventTimeMs('1795222800123')).toBe(1_795_222_800_123);
    expect(eventTimeMs('1795222800123456')).toBe(1_795_222_800_123);
    expect(eventTimeMs(1_795_222_800_123)).toBe(1_795_222_800_123);
    for (const bad of ['', 'soon', '-1', '12', '1e15', undefined, null]) expect(eventTimeMs(bad)).toBeUndefined();
  });

  it('accepts an event up to the window old, refuses one older or from the future beyond it', () => {
    const secrets = { verificationToken: 'vt' };
    expect(verifyFeishuRequest(body(String(NOW - MAX_REQUEST_AGE_MS + 60_000)), {}, secrets, NOW).ok).toBe(true);
    expect(verifyFeishuRequest(body(String(NOW - MAX_REQUEST_AGE_MS - 60_000)), {}, secrets, NOW)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'header.create_time outside the accepted window',
    });
    expect(verifyFeishuRequest(body(String((NOW + MAX_REQUEST_AGE_MS + 60_000) * 1000)), {}, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(verifyFeishuRequest(body('garbage'), {}, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
  });

  it('the inbox remembers event ids longer than any request may be old, so a replay inside the window is a no-op', () => {
    expect(INBOX_RETENTION_MS).toBeGreaterThan(2 * MAX_REQUEST_AGE_MS);
  });
});
