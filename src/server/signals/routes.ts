// POST /api/signals: monitoring tools push one item or { items: [...] }. Authenticate over the raw
// bytes → parse → validate every item (all or nothing) → ingest in one transaction → 200 with what
// happened to each item. Rejections are 4xx with the field path and the reason, in Chinese.
import { Hono } from 'hono';
import type { Core } from '../../core/context';
import { parseSignalBody } from '../../core/signals/item';
import { ingestSignals } from '../../core/signals/ingest';
import type { Logger } from '../../logger';
import type { OutboxDrain } from '../../delivery/drain';
import type { SignalsAuthConfig } from './config';
import { RecentSignatures } from './replay';
import { verifySignalsRequest } from './verify';

export interface SignalsRoutesDeps {
  core: Core;
  drain: OutboxDrain;
  logger: Logger;
  auth: SignalsAuthConfig;
  /** false: validate and store only (the benchmark's baseline). */
  grouping?: boolean;
  /** Counts what was received (/metrics). */
  onIngested?: (received: number) => void;
}

export function signalsRoutes(deps: SignalsRoutesDeps): Hono {
  const app = new Hono();
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const recent = new RecentSignatures(deps.auth.toleranceSeconds * 1000);

  app.post('/', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const auth = verifySignalsRequest(deps.auth, (name) => c.req.header(name), raw, deps.core.clock.now(), recent);
    if (!auth.ok) {
      deps.logger.warn({ status: auth.status, reason: auth.reason, ip: c.req.header('x-forwarded-for') }, 'signals refused');
      return c.json({ error: auth.reason }, auth.status);
    }
    let body: unknown;
    try {
      body = JSON.parse(utf8.decode(raw));
    } catch {
      return c.json({ error: '请求体不是合法的 JSON（UTF-8 编码）' }, 400);
    }
    const parsed = parseSignalBody(body);
    if (!parsed.ok) {
      const error = parsed.problems.map((p) => `${p.path}：${p.message}`).join('；');
      return c.json({ error, problems: parsed.problems }, parsed.tooMany ? 413 : 400);
    }
    let result;
    try {
      result = ingestSignals(deps.core, parsed.items, { sender: auth.sender, grouping: deps.grouping });
    } catch (err) {
      // Nothing was stored (the batch is one transaction): the sender may retry the same signed bytes.
      if (auth.signature) recent.release(auth.signature);
      throw err;
    }
    deps.onIngested?.(result.received);
    deps.logger.info(
      {
        sender: auth.sender,
        received: result.received,
        created: result.created,
        updated: result.updated,
        duplicates: result.duplicates,
        actions: result.actions,
      },
      'signals ingested',
    );
    // Warnings and proposals are in the outbox already; deliver now rather than at the next poll.
    if (result.actions.length > 0 || result.created > 0) deps.drain.kick();
    return c.json(result);
  });

  return app;
}
