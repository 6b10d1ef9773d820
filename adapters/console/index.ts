// The web console (/console): a simulated group chat on the same pipeline the platforms use —
// decode → dedupe → route → core → outbox → render. The JSON API under /console/api is what the
// page uses, and what tests use too.
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import type { Core } from '../../src/core/context';
import { handleInbound } from '../../src/core/inbound/handle';
import { allGroups } from '../../src/core/read/groups';
import { allMembers, memberByIdentity, platformIdsOf } from '../../src/core/read/members';
import { clockTime } from '../../src/core/time';
import type { Logger } from '../../src/logger';
import type { OutboxDrain } from '../../src/outbox/drain';
import { decodeAction, decodeMessage } from './decode';
import type { ConsoleStore } from './store';
import { postActionBody, postMessageBody } from './types';

const PAGE = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

export function consoleRoutes(core: Core, store: ConsoleStore, drain: OutboxDrain, logger: Logger): Hono {
  const app = new Hono();

  app.get('/', (c) => c.html(PAGE));

  app.get('/api/directory', (c) => {
    const groups = allGroups(core.db).filter((g) => g.platform === 'console');
    // `key` is the member's console identity: what the page posts as `member`.
    const everyone = allMembers(core.db);
    const consoleIds = platformIdsOf(core.db, 'console', everyone.map((m) => m.id));
    const members = everyone.flatMap((m) => {
      const key = consoleIds.get(m.id);
      return key ? [{ key, name: m.name, roles: m.roles, department: m.departmentKey }] : [];
    });
    return c.json({ botName: core.botName, groups: groups.map((g) => ({ chatId: g.chatId, name: g.name, purpose: g.purpose })), members });
  });

  app.get('/api/messages', (c) => {
    const group = c.req.query('group');
    if (!group) return c.json({ error: '缺少 group 参数，例如 /console/api/messages?group=command' }, 400);
    const everyone = allMembers(core.db);
    const consoleIds = platformIdsOf(core.db, 'console', everyone.map((m) => m.id));
    const names = new Map(everyone.map((m) => [consoleIds.get(m.id) ?? m.key, m.name]));
    const messages = store.recent(group).map((l) => ({
      ...l,
      memberName: l.memberKey ? (names.get(l.memberKey) ?? l.memberKey) : core.botName,
      // In the organisation's zone, like the cards, not the browser's.
      time: clockTime(l.updatedAt, core.timeZone),
    }));
    return c.json({ group, messages });
  });

  app.post('/api/messages', async (c) => {
    const body = await parseBody(c.req.raw, postMessageBody);
    if ('error' in body) return c.json(body, 400);
    const member = memberByIdentity(core.db, 'console', body.member);
    if (!member) return c.json({ error: `没有控制台身份为「${body.member}」的成员；从 /console/api/directory 的 members 里选` }, 400);
    if (!allGroups(core.db).some((g) => g.platform === 'console' && g.chatId === body.group))
      return c.json({ error: `没有控制台群「${body.group}」；从 /console/api/directory 的 groups 里选` }, 400);
    const now = core.clock.now();
    const event = decodeMessage(body, core.botName, member.name);
    const result = handleInbound(core, event);
    if (result.outcome !== 'duplicate') {
      store.addLine({ chatId: body.group, author: 'member', memberKey: body.member, text: body.text, card: null, createdAt: now, updatedAt: now });
    }
    await deliverNow(drain, logger);
    return c.json(result);
  });

  app.post('/api/actions', async (c) => {
    const body = await parseBody(c.req.raw, postActionBody);
    if ('error' in body) return c.json(body, 400);
    const member = memberByIdentity(core.db, 'console', body.member);
    if (!member) return c.json({ error: `没有控制台身份为「${body.member}」的成员` }, 400);
    const line = store.get(body.message);
    if (!line || line.author !== 'bot') return c.json({ error: `没有 id 为 ${body.message} 的机器人卡片` }, 404);
    const result = handleInbound(core, decodeAction(body, line.chatId, member.name));
    await deliverNow(drain, logger);
    return c.json(result);
  });

  app.get('/api/stream', (c) => {
    const group = c.req.query('group');
    return streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      let pending = false;
      const off = store.onChange((chatId) => {
        if (group && chatId !== group) return;
        pending = true;
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!stream.aborted) {
        if (!pending) await new Promise<void>((r) => ((wake = r), setTimeout(r, 15_000)));
        wake = null;
        if (stream.aborted) break;
        await stream.writeSSE({ event: pending ? 'change' : 'ping', data: JSON.stringify({ group }) });
        pending = false;
      }
      off();
    });
  });

  return app;
}

/**
 * The console shows the bot's answer in the same round trip. The command is already saved with
 * its outbox rows, so a delivery problem is logged and left to the drain's retries, not a 500.
 */
async function deliverNow(drain: OutboxDrain, logger: Logger): Promise<void> {
  try {
    await drain.drain();
  } catch (err) {
    logger.error({ err }, 'console: immediate delivery failed; the outbox will retry');
  }
}

async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S> | { error: string }> {
  let json: unknown;
  try {
    json = await req.json();
  } catch {
    return { error: '请求体不是合法的 JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.') || '请求体'}：${i.message}`).join('；') };
  return parsed.data;
}
