// The web console (/console): a simulated group chat on the same path the platforms take —
// decode → receive → outbox → render. The JSON API under /console/api is what the page uses,
// and what tests use too. It is one page of the web workspace: the server's session check tells
// it who is signed in (c.get('visitor')), and everything is said and tapped as that person.
// Without a visitor every route refuses, whoever mounted it.
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { z } from 'zod';
import { clockTime } from '../../src/core/outbound/index';
import { projectFile } from '../../src/paths';
import type { PlatformDeps, WebEnv } from '../platform';
import { decodeAction, decodeMessage } from './decode';
import type { ConsoleStore } from './store';
import { postActionBody, postMessageBody } from './types';

const PAGE = readFileSync(projectFile('adapters/console/page.html'), 'utf8');
const PLATFORM = 'console';

export function consoleRoutes(store: ConsoleStore, deps: PlatformDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const { directory, receive } = deps.inbound;

  // Fails closed: the console is never served to someone the session check did not let in.
  app.use('*', async (c, next) => {
    if (c.get('visitor')) return next();
    if (c.req.method === 'GET' && !c.req.path.includes('/api/')) return c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`);
    return c.json({ error: '请先登录工作台' }, 401);
  });

  app.get('/', (c) => c.html(PAGE));

  app.get('/api/directory', (c) => {
    const groups = directory.chats(PLATFORM);
    // `key` is the member's console identity: what the page posts as `member`.
    const visitor = c.get('visitor')!;
    const me = directory.person(PLATFORM, visitor.consoleId);
    return c.json({
      botName: deps.botName,
      groups: groups.map((g) => ({ chatId: g.chatId, name: g.name, purpose: g.purpose })),
      me: { key: visitor.consoleId, name: visitor.name, roles: me?.roles ?? [], demo: visitor.demo },
    });
  });

  app.get('/api/messages', (c) => {
    const group = c.req.query('group');
    if (!group) return c.json({ error: '缺少 group 参数，例如 /console/api/messages?group=command' }, 400);
    const names = new Map(directory.people(PLATFORM).map((p) => [p.platformUserId, p.name]));
    const messages = store.recent(group, c.get('visitor')!.consoleId).map(({ visibleTo, ...l }) => ({
      ...l,
      /** A reply shown to the signed-in person alone. */
      private: visibleTo !== undefined,
      memberName: l.memberKey ? (names.get(l.memberKey) ?? l.memberKey) : deps.botName,
      // In the organisation's zone, like the cards, not the browser's.
      time: clockTime(l.updatedAt, deps.timeZone),
    }));
    return c.json({ group, messages });
  });

  app.post('/api/messages', async (c) => {
    const body = await parseBody(c.req.raw, postMessageBody);
    if ('error' in body) return c.json(body, 400);
    const visitor = c.get('visitor')!;
    if (!directory.chat(PLATFORM, body.group)) return c.json({ error: `没有控制台群「${body.group}」；从 /console/api/directory 的 groups 里选` }, 400);
    const now = deps.clock.now();
    const event = decodeMessage(body, deps.botName, visitor);
    // The person's line first, so the bot's answer shows below it; a retried post finds this copy.
    store.addLine(
      { chatId: body.group, author: 'member', memberKey: visitor.consoleId, text: body.text, card: null, createdAt: now, updatedAt: now },
      `in:${event.eventId}`,
    );
    // The answer comes back in the same round trip.
    return c.json(await receive(event, { awaitDelivery: true }));
  });

  app.post('/api/actions', async (c) => {
    const body = await parseBody(c.req.raw, postActionBody);
    if ('error' in body) return c.json(body, 400);
    const line = store.get(body.message);
    const visitor = c.get('visitor')!;
    if (!line || line.author !== 'bot' || (line.visibleTo !== undefined && line.visibleTo !== visitor.consoleId))
      return c.json({ error: `没有 id 为 ${body.message} 的机器人卡片` }, 404);
    return c.json(await receive(decodeAction(body, line.chatId, visitor), { awaitDelivery: true }));
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
      const visitor = c.get('visitor')!;
      while (!stream.aborted) {
        if (!pending) await new Promise<void>((r) => ((wake = r), setTimeout(r, 15_000)));
        wake = null;
        // Signed out (or ended by an admin) while watching: the stream ends with the session.
        if (stream.aborted || !visitor.signedIn()) break;
        await stream.writeSSE({ event: pending ? 'change' : 'ping', data: JSON.stringify({ group }) });
        pending = false;
      }
      off();
    });
  });

  return app;
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
