// The workspace's JSON API (/workspace/api/…): what the pages read, and the few things they do.
// Reads use the core's read models; every change goes through inbound.receive as the signed-in
// person (their console identity), exactly as a tap or a line in a chat would.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { Core } from '../../core/context';
import type { Inbound, InboundEvent } from '../../core/inbound/index';
import { cardToText } from '../../core/outbound/index';
import { readBoard } from '../../core/read/board';
import { readIncidentPage } from '../../core/read/incident-page';
import { allMembers } from '../../core/read/members';
import { myApprovals, myTasks } from '../../core/read/my-work';
import { may } from '../../core/read/permissions';
import { shiftsOn } from '../../core/read/roster';
import { liveSessions } from '../../core/read/sessions';
import { isAdminMember, leadsReportedBy, seesDirectory, seesIncidents } from '../../core/read/visibility';
import { endSession } from '../../core/system/sign-in';
import { addDays, daysBetween, localDate } from '../../core/time';
import { Refusal } from '../../core/errors';
import type { Changes } from './changes';
import type { ServerEnv, Visit } from './session';

/** The chat the web's events name: not a group, so nothing is ever queued to it. */
export const WEB_CHAT = 'workspace';

const word = z.string().trim().min(1).max(40).regex(/^\S+$/, '不能有空格');
const commandBody = z.discriminatedUnion('command', [
  z.object({ command: z.literal('排班'), day: word, shift: word, role: word, member: word }),
  z.object({ command: z.literal('换班'), a: word, b: word, day: word }),
  z.object({ command: z.literal('代班'), member: word, day: word }),
  z.object({ command: z.literal('完成'), ref: word, note: z.string().trim().max(500).default('') }),
  // 总结评估 from its page: a note (经验 / 问题 / 改进), or 签发.
  z.object({
    command: z.literal('总结'),
    number: word,
    part: z.enum(['经验', '问题', '改进', '签发']),
    text: z.string().trim().max(1000).default(''),
  }),
  // 认定 from the accountability page.
  z.object({ command: z.literal('认定'), ref: word, kind: z.enum(['说明', '责任', '处理']), text: z.string().trim().min(1, '缺少内容').max(1000) }),
]);
const actionBody = z.object({ action: z.enum(['claim', 'approve', 'reject']), value: z.string().trim().min(1).max(300) });

export function workspaceApi(deps: { core: Core; inbound: Inbound; changes: Changes }): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const { core } = deps;
  const now = () => core.clock.now();

  // Everything here is for someone signed in.
  app.use('*', async (c, next) => {
    if (!c.get('visit')) return c.json({ error: '请先登录工作台' }, 401);
    await next();
  });
  const visitOf = (c: Context<ServerEnv>): Visit => c.get('visit')!;
  const forbidden = (c: Context) => c.json({ error: '你还没有登记在组织名册里：这里只显示你上报的线索。请联系管理员授予角色。' }, 403);

  app.get('/me', (c) => {
    const { member, session } = visitOf(c);
    return c.json({
      name: member.name,
      roles: member.roles,
      guest: member.guest,
      admin: isAdminMember(member),
      demo: session.via === 'demo',
      timeZone: core.timeZone,
      now: now(),
    });
  });

  app.get('/board', (c) => {
    const { member } = visitOf(c);
    if (!seesIncidents(member)) return c.json({ guest: true, now: now(), reports: leadsReportedBy(core.db, member.id) });
    return c.json({ guest: false, ...readBoard(core.db, core, now()) });
  });

  app.get('/incidents/:number', (c) => {
    if (!seesIncidents(visitOf(c).member)) return forbidden(c);
    const page = readIncidentPage(core.db, core, c.req.param('number'));
    if (!page) return c.json({ error: `没有事件「${c.req.param('number')}」` }, 404);
    return c.json({ now: now(), incident: page });
  });

  app.get('/tasks', (c) => {
    const { member } = visitOf(c);
    return c.json({ now: now(), tasks: seesIncidents(member) ? myTasks(core.db, core, member) : [] });
  });

  app.get('/approvals', (c) => {
    const { member } = visitOf(c);
    return c.json({ now: now(), approvals: seesIncidents(member) ? myApprovals(core.db, member) : [] });
  });

  app.get('/roster', (c) => {
    const { member } = visitOf(c);
    if (!seesDirectory(member)) return forbidden(c);
    const duty = core.playbook.duty;
    const today = localDate(now(), core.timeZone);
    const from = sensibleDay(c.req.query('from'), today) ?? today;
    const days = Array.from({ length: 7 }, (_, i) => addDays(from, i)).map((date) => ({
      date,
      shifts: shiftsOn(core.db, core, date).map((s) => ({
        key: s.shiftKey,
        name: s.shiftName,
        start: s.start,
        end: s.end,
        people: s.people.map((p) => ({ role: p.roleName, name: p.member.name, overridden: p.overridden })),
      })),
    }));
    return c.json({
      now: now(),
      today,
      from,
      hasRoster: Boolean(duty),
      shifts: duty?.shifts.map((s) => ({ key: s.key, name: s.name, start: s.start, end: s.end })) ?? [],
      roles: duty?.roles.map((r) => ({ key: r.key, name: r.name })) ?? [],
      members: allMembers(core.db)
        .filter((m) => !m.guest)
        .map((m) => m.name),
      canEdit: may(core.playbook, member, 'roster'),
      me: member.name,
      days,
    });
  });

  app.get('/sessions', (c) => {
    const { member, session } = visitOf(c);
    const admin = isAdminMember(member);
    const names = new Map(allMembers(core.db).map((m) => [m.id, m.name]));
    const rows = liveSessions(core.db, now(), admin ? undefined : member.id).map((s) => ({
      id: s.id,
      member: names.get(s.memberId) ?? '',
      mine: s.memberId === member.id,
      current: s.id === session.id,
      via: s.via,
      userAgent: s.userAgent,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: s.expiresAt,
    }));
    return c.json({ now: now(), admin, sessions: rows });
  });

  app.post('/sessions/:id/end', (c) => {
    const { member, session } = visitOf(c);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return c.json({ error: '会话编号不对' }, 400);
    try {
      endSession(core.db, core, { sessionId: id, by: member, current: id === session.id });
    } catch (err) {
      if (err instanceof Refusal) return c.json({ error: err.reply }, 403);
      throw err;
    }
    return c.json({ ok: true, toast: '已结束会话', signedOut: id === session.id });
  });

  // The same buttons as the cards: 认领, 同意, 驳回 — a tap, as the signed-in person.
  // Guests act in chat (上报); from here they could only probe what tasks and roles exist.
  app.use('/actions', async (c, next) => (visitOf(c).member.guest ? forbidden(c) : next()));
  app.use('/commands', async (c, next) => (visitOf(c).member.guest ? forbidden(c) : next()));

  app.post('/actions', async (c) => {
    const body = actionBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: problems(body.error) }, 400);
    const result = await deps.inbound.receive(webEvent(visitOf(c), { kind: 'action', action: body.data.action, value: body.data.value }), {
      awaitDelivery: true,
    });
    return c.json(answer(result));
  });

  // 排班 / 换班 / 代班 / 完成 / 总结 / 认定 from the forms: the same command a chat line would be.
  app.post('/commands', async (c) => {
    const body = commandBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ error: problems(body.error) }, 400);
    const d = body.data;
    const text =
      d.command === '排班'
        ? `排班 ${d.day} ${d.shift} ${d.role} ${d.member}`
        : d.command === '换班'
          ? `换班 ${d.a} ${d.b} ${d.day}`
          : d.command === '代班'
            ? `代班 ${d.member} ${d.day}`
            : d.command === '完成'
              ? `完成 ${d.ref} ${d.note}`.trim()
              : d.command === '总结'
                ? `总结 ${d.number} ${d.part} ${d.text}`.trim()
                : `认定 ${d.ref} ${d.kind} ${d.text}`;
    const result = await deps.inbound.receive(webEvent(visitOf(c), { kind: 'message', text }), { awaitDelivery: true });
    return c.json(answer(result));
  });

  app.get('/stream', (c) =>
    streamSSE(c, async (stream) => {
      let wake: (() => void) | null = null;
      let pending = false;
      const off = deps.changes.subscribe(() => {
        pending = true;
        wake?.();
      });
      stream.onAbort(() => {
        off();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: JSON.stringify({ now: now() }) });
      const visitor = c.get('visitor')!;
      while (!stream.aborted) {
        if (!pending) await new Promise<void>((r) => ((wake = r), setTimeout(r, 15_000)));
        wake = null;
        // Signed out (or ended by an admin) while watching: the stream ends with the session.
        if (stream.aborted || !visitor.signedIn()) break;
        await stream.writeSSE({ event: pending ? 'change' : 'ping', data: JSON.stringify({ now: now() }) });
        pending = false;
      }
      off();
    }),
  );

  return app;
}

function webEvent(visit: Visit, what: { kind: 'action'; action: string; value: string } | { kind: 'message'; text: string }): InboundEvent {
  const base = {
    platform: 'console',
    eventId: `web-${randomUUID()}`,
    chatId: WEB_CHAT,
    chatType: 'p2p' as const,
    sender: { platformUserId: visit.consoleId, displayName: visit.member.name },
  };
  return what.kind === 'action'
    ? { ...base, kind: 'action', action: what.action, value: what.value }
    : { ...base, kind: 'message', text: what.text, addressed: true, answerInline: true };
}

function answer(result: Awaited<ReturnType<Inbound['receive']>>) {
  if (result.outcome === 'done' || result.outcome === 'refused') {
    // The reply card as the text fallback, without its title (the page shows it in a toast).
    const reply = result.reply ? cardToText(result.reply).split('\n').slice(1).join('\n').trim() : '';
    return { outcome: result.outcome, toast: result.toast, ...(reply ? { reply } : {}) };
  }
  return { outcome: result.outcome, toast: '' };
}

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '请求体'}：${i.message}`).join('；');
}

/** A real calendar day within a year of today, or undefined: the roster pages by week around now. */
function sensibleDay(day: string | undefined, today: string): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day) || addDays(day, 0) !== day) return undefined;
  return Math.abs(daysBetween(today, day)) <= 366 ? day : undefined;
}
