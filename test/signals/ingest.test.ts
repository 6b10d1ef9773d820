// POST /api/signals at the door: who may push (token, HMAC over the raw body, fail closed), what
// is refused and why (field paths, Chinese), batches all or nothing, and idempotency by source + link.
import { ne } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads, outbox, signals, timeline, topics } from '../../src/db/schema';
import { signSignals } from '../../src/server/signals/verify';
import type { TestBot } from '../helpers/runtime';
import { startBot } from '../helpers/runtime';
import { HMAC_SECRET, item, items, push, startSignalsBot, TOKEN } from './helpers';

function stored(bot: TestBot) {
  const db = bot.core.db;
  return {
    signals: db.select().from(signals).all().length,
    leads: db.select().from(leads).all().length,
    topics: db.select().from(topics).all().length,
    timeline: db.select().from(timeline).where(ne(timeline.kind, 'organisation_synced')).all().length,
    outbox: db.select().from(outbox).all().length,
  };
}
const NOTHING = { signals: 0, leads: 0, topics: 0, timeline: 0, outbox: 0 };

describe('POST /api/signals: authentication', () => {
  it('accepts a known token and records the sender', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, item('停水', 1), 'token');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, created: 1, updated: 0, duplicates: 0 });
    expect(bot.core.db.select().from(signals).get()).toMatchObject({ sender: 'yuqing-monitor', source: 'forum', link: 'https://bbs.example.cn/停水/1' });
  });

  it('accepts a body signed with HMAC-SHA256 within the time window', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, { items: items('停水', 1, 3) }, 'hmac');
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(3);
    expect(
      bot.core.db
        .select()
        .from(signals)
        .all()
        .every((s) => s.sender === 'hmac'),
    ).toBe(true);
  });

  it('refuses a wrong token, a missing credential, a bad or stale signature — and stores nothing', async () => {
    const bot = startSignalsBot();
    const body = JSON.stringify(item('停水', 1));
    const wrongToken = await push(bot, body, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrongToken).toMatchObject({ status: 401, body: { error: expect.stringContaining('令牌无效') } });
    const none = await push(bot, body, 'none');
    expect(none).toMatchObject({ status: 401, body: { error: expect.stringContaining('缺少凭证') } });

    const signed = signSignals(HMAC_SECRET, body, bot.clock.now());
    const tampered = await push(bot, body.replace('停水', '停电'), { headers: signed });
    expect(tampered).toMatchObject({ status: 401, body: { error: expect.stringContaining('签名不符') } });
    const wrongKey = await push(bot, body, { headers: signSignals('another-secret-0123456789', body, bot.clock.now()) });
    expect(wrongKey.status).toBe(401);
    const stale = await push(bot, body, { headers: signSignals(HMAC_SECRET, body, bot.clock.now() - 301_000) });
    expect(stale).toMatchObject({ status: 401, body: { error: expect.stringContaining('防重放') } });
    // A valid token does not excuse a wrong signature presented beside it.
    const mixed = await push(bot, body, { headers: { authorization: `Bearer ${TOKEN}`, ...signSignals('another-secret-0123456789', body, bot.clock.now()) } });
    expect(mixed.status).toBe(401);
    expect(stored(bot)).toEqual(NOTHING);
  });

  it('refuses a signed request presented a second time within the window (replay), and stores it once', async () => {
    const bot = startSignalsBot();
    const body = JSON.stringify({ items: items('停水', 1, 2) });
    const headers = signSignals(HMAC_SECRET, body, bot.clock.now());
    expect((await push(bot, body, { headers })).status).toBe(200);
    bot.clock.advance(5_000);
    const replayed = await push(bot, body, { headers });
    expect(replayed).toMatchObject({ status: 401, body: { error: expect.stringContaining('重复的签名请求') } });
    // A fresh signature over the same body is a new request (and its items are duplicates).
    const resigned = await push(bot, body, { headers: signSignals(HMAC_SECRET, body, bot.clock.now()) });
    expect(resigned).toMatchObject({ status: 200, body: { duplicates: 2 } });
    expect(stored(bot).signals).toBe(2);
  });

  it('fails closed: with nothing configured every push is refused and says what to set', async () => {
    const bot = startBot();
    const res = await push(bot, item('停水', 1), 'token');
    expect(res).toMatchObject({ status: 403, body: { error: expect.stringContaining('SIGNALS_TOKENS') } });
    expect(stored(bot)).toEqual(NOTHING);
  });
});

describe('POST /api/signals: validation', () => {
  it('names the missing field and the wrong ones, with their place in the batch, and stores nothing', async () => {
    const bot = startSignalsBot();
    const bad = items('停水', 1, 3) as any[];
    delete bad[1].link;
    bad[2].metrics.reads = -5;
    bad[2].sentiment = 2;
    const res = await push(bot, { items: bad });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { path: 'items.1.link', message: expect.stringContaining('缺少这一项') },
      { path: 'items.2.metrics.reads', message: '阅读数要是非负整数' },
      { path: 'items.2.sentiment', message: '情感值不能大于 1' },
    ]);
    expect(res.body.error).toContain('items.1.link：缺少这一项');
    expect(stored(bot)).toEqual(NOTHING);
  });

  it('refuses a single item without a title, a bad time, and JSON that does not parse', async () => {
    const bot = startSignalsBot();
    const { title: _t, ...untitled } = item('停水', 1);
    expect((await push(bot, { ...untitled, publishedAt: '昨天' })).body.problems).toEqual([
      { path: 'title', message: expect.stringContaining('缺少这一项') },
      { path: 'publishedAt', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(await push(bot, '{"source": "weibo",')).toMatchObject({ status: 400, body: { error: expect.stringContaining('不是合法的 JSON') } });
    expect(stored(bot)).toEqual(NOTHING);
  });

  it('refuses a publication time in seconds (it would read as January 1970) and says to send milliseconds or ISO', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, { items: [{ ...item('停水', 1), publishedAt: 1_795_000_000 }] });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([{ path: 'items.0.publishedAt', message: expect.stringMatching(/秒.*毫秒.*ISO 8601/) }]);
    expect(stored(bot)).toEqual(NOTHING);
    const ms = await push(bot, { ...item('停水', 1), publishedAt: 1_795_000_000_000 });
    expect(ms.status).toBe(200);
    expect(bot.core.db.select().from(signals).get()!.publishedAt).toBe(1_795_000_000_000);
  });

  it('refuses an oversized batch with 413 before looking at the items', async () => {
    const bot = startSignalsBot();
    const res = await push(bot, { items: items('停水', 1, 501) });
    expect(res).toMatchObject({ status: 413, body: { error: expect.stringContaining('一次最多 500 条，本次 501 条') } });
    const huge = await bot.app.request('/api/signals', {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ ...item('停水', 1), excerpt: '长'.repeat(1_100_000) }] }),
    });
    expect(huge.status).toBe(413);
    expect(stored(bot)).toEqual(NOTHING);
  });
});

describe('POST /api/signals: idempotency by source + link', () => {
  it('a duplicate item changes nothing; a new observation of the same link updates it, once', async () => {
    const bot = startSignalsBot();
    await push(bot, { items: items('停水', 1, 5) });
    const before = { ...stored(bot), rows: bot.core.db.select().from(signals).all(), topic: bot.core.db.select().from(topics).all() };

    bot.clock.advance(10 * 60_000);
    const again = await push(bot, { items: items('停水', 1, 5) });
    expect(again.body).toMatchObject({ received: 5, created: 0, updated: 0, duplicates: 5 });
    expect(again.body.items.every((i: any) => i.status === 'duplicate')).toBe(true);
    expect({ ...stored(bot), rows: bot.core.db.select().from(signals).all(), topic: bot.core.db.select().from(topics).all() }).toEqual(before);

    const changed = await push(bot, item('停水', 2, { reads: 900 }));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, duplicates: 0 });
    const row = bot.core.db
      .select()
      .from(signals)
      .all()
      .find((s) => s.link.endsWith('/2'))!;
    expect(row).toMatchObject({ reads: 900, observations: 2, firstSeenAt: before.rows[1]!.firstSeenAt, lastSeenAt: bot.clock.now() });
    expect(stored(bot).leads).toBe(5);
    // The same link from another source is another signal (its source differs), but joins the same topic.
    await push(bot, item('停水', 2, { source: 'weibo' }));
    expect(bot.core.db.select().from(topics).all()).toHaveLength(1);
    expect(stored(bot).signals).toBe(6);
  });
});
