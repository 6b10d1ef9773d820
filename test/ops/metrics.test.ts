// GET /metrics, scraped as Prometheus would: webhook requests by platform and outcome, events and
// command latency, outbox depth/age and dead letters by platform, job lag, signals ingested, the
// database and the record; METRICS_TOKEN closes it.
import { describe, expect, it } from 'vitest';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { groupTextEvent } from '../fakes/feishu-events';
import { item, push, startSignalsBot } from '../signals/helpers';

/** `name{labels} value` lines → value by `name{labels}` (labels as printed). */
function scrape(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return values;
}

describe('/metrics', () => {
  it('counts webhook requests by outcome, commands and their latency, and shows what waits in the outbox', async () => {
    const bot = await startFeishuBot();
    const event = groupTextEvent({
      token: VERIFICATION_TOKEN,
      chatId: FEISHU_CHATS.command,
      senderOpenId: 'ou_zheng-jiance',
      botOpenId: bot.api.botOpenId,
      text: '预警 橙 某地网传停水',
    });
    expect((await bot.post(event)).status).toBe(200);
    expect((await bot.post(event, { headers: { 'x-lark-signature': 'f'.repeat(64) } })).status).toBe(401);
    // Not delivered yet: the outbox holds the warning cards.
    const res = await bot.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const m = scrape(await res.text());
    expect(m.get('fenghuo_webhook_requests_total{platform="feishu",outcome="ok"}')).toBe(1);
    expect(m.get('fenghuo_webhook_requests_total{platform="feishu",outcome="refused"}')).toBe(1);
    expect(m.get('fenghuo_inbound_events_total{platform="feishu",outcome="done"}')).toBe(1);
    expect(m.get('fenghuo_command_duration_seconds_count{platform="feishu"}')).toBe(1);
    expect(m.get('fenghuo_outbox_pending{platform="feishu"}')).toBeGreaterThan(0);
    expect(m.get('fenghuo_outbox_oldest_pending_seconds{platform="feishu"}')).toBeGreaterThanOrEqual(0);
    expect(m.get('fenghuo_job_lag_seconds')).toBe(0);
    expect(m.get('fenghuo_database_ok')).toBe(1);
    expect(m.has('fenghuo_process_resident_memory_bytes')).toBe(true);

    await bot.drain.drain();
    const after = scrape(await (await bot.app.request('/metrics')).text());
    expect(after.get('fenghuo_outbox_pending{platform="feishu"}')).toBeUndefined();
  });

  it('counts signals ingested; with METRICS_TOKEN only the bearer of it may scrape', async () => {
    const bot = startSignalsBot({ overrides: { metricsToken: 'metrics-token-0123456789' } });
    expect((await push(bot, { items: [item('停水', 1), item('停水', 2)] })).status).toBe(200);
    expect((await bot.app.request('/metrics')).status).toBe(401);
    const res = await bot.app.request('/metrics', { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(scrape(await res.text()).get('fenghuo_signals_ingested_total')).toBe(2);
  });
});
