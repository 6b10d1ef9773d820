// The web workspace's door, on the core's side: redeeming a sign-in link, the 演示模式 picker, the
// bootstrap script's link, checking and ending sessions. Each change is one transaction with its
// timeline row ("王小宣 登录工作台（飞书链接）"). The HTTP side (cookies, pages) is src/server/workspace.
import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { botMessages, identities, loginLinks, sessions, settings } from '../../db/schema';
import type { Db, Tx } from '../../db/types';
import type { Core, Member } from '../context';
import { Refusal } from '../errors';
import { memberById, memberByIdentity, oneMemberNamed, platformIdsOf } from '../read/members';
import { isAdminMember } from '../read/visibility';
import { linkByDigest, linkProblem, SESSION_MAX_MS, sessionByDigest, sessionById, sessionLive, type Session } from '../read/sessions';
import { clockTime } from '../time';
import { newToken, tokenDigest } from '../tokens';
import { platformWord } from '../verbs/request-login-link';
import { issueLoginLink, loginLinkSubject, loginUrl, spentLoginLinkCard, wipeLoginLinkCards } from '../write/login-links';
import { writeTimeline } from '../write/timeline';

const IMMEDIATE = { behavior: 'immediate' } as const;
/** last_seen_at is written at most this often: a page polling every second does not write every second. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SignedIn {
  /** The cookie's value: shown to the browser once, stored only as its digest. */
  token: string;
  session: Session;
  member: Member;
  /** The member's console identity: the sender of everything they do from the web. */
  consoleId: string;
}

/** `npm run login-link -- 王小宣`: a link for a named member (the first admin, recovery). */
export function mintLoginLink(db: Db, core: Core, who: string): { url: string; member: Member; expiresAt: number } {
  const now = core.clock.now();
  return db.transaction((tx) => {
    const member = oneMemberNamed(tx, who, 'npm run login-link -- 陈管理员');
    const { token, link } = issueLoginLink(tx, { memberId: member.id, via: 'script', now });
    writeTimeline(tx, {
      incidentId: null,
      kind: 'login_link_sent',
      text: `管理员脚本为 ${member.name} 生成工作台登录链接`,
      data: { linkId: link.id },
      actorId: null,
      platform: 'system',
      now,
    });
    return { url: loginUrl(core, token), member, expiresAt: link.expiresAt };
  }, IMMEDIATE);
}

/** Whose link this is, without using it (the confirm page): a link preview must not spend it. */
export function peekLoginLink(db: Db, core: Core, token: string): { member: Member } | { problem: string } {
  const link = linkByDigest(db, tokenDigest(token));
  const problem = linkProblem(link, core.clock.now());
  const member = link && memberById(db, link.memberId);
  return problem || !member ? { problem: problem ?? '这个登录链接无效。' } : { member };
}

/** Spends the link (once: a conditional UPDATE) and opens a session. */
export function redeemLoginLink(db: Db, core: Core, token: string, userAgent: string): SignedIn | { problem: string } {
  const now = core.clock.now();
  const digest = tokenDigest(token);
  return db.transaction((tx) => {
    const used = tx
      .update(loginLinks)
      .set({ usedAt: now })
      .where(and(eq(loginLinks.tokenHash, digest), isNull(loginLinks.usedAt), gt(loginLinks.expiresAt, now)))
      .returning()
      .get();
    if (!used) return { problem: linkProblem(linkByDigest(tx, digest), now) ?? '这个登录链接无效。' };
    wipeLoginLinkCards(tx, used.id);
    return openSession(tx, used.memberId, used.via, userAgent, now, `${platformWord(used.via)}链接`);
  }, IMMEDIATE);
}

/** 演示模式: "我是…" picks a member with a console identity; a real session all the same. */
export function demoSignIn(db: Db, core: Core, consoleId: string, userAgent: string): SignedIn | { problem: string } {
  const now = core.clock.now();
  return db.transaction((tx) => {
    const member = memberByIdentity(tx, 'console', consoleId);
    if (!member) return { problem: `没有控制台身份为「${consoleId}」的成员。` };
    return openSession(tx, member.id, 'demo', userAgent, now, '演示模式');
  }, IMMEDIATE);
}

function openSession(tx: Tx, memberId: number, via: string, userAgent: string, now: number, how: string): SignedIn | { problem: string } {
  const member = memberById(tx, memberId);
  if (!member) return { problem: '这个成员已不存在。' };
  const consoleId = consoleIdentity(tx, member);
  if (!consoleId) return { problem: `${member.name} 的网页身份与另一位成员冲突，请管理员检查组织文件里的 ids.console。` };
  const token = newToken();
  const session = tx
    .insert(sessions)
    .values({
      tokenHash: tokenDigest(token),
      memberId,
      via,
      userAgent: userAgent.slice(0, 300),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION_MAX_MS,
    })
    .returning()
    .get();
  writeTimeline(tx, {
    incidentId: null,
    kind: 'signed_in',
    text: `${member.name} 登录工作台（${how}）`,
    data: { sessionId: session.id, via },
    actorId: member.id,
    platform: 'web',
    now,
  });
  return { token, session, member, consoleId };
}

/**
 * The member's console identity: from the organisation file, or — for someone the bot registered
 * on another platform — their key, recorded now. Undefined if that id already names someone else.
 */
function consoleIdentity(tx: Tx, member: Member): string | undefined {
  const known = platformIdsOf(tx, 'console', [member.id]).get(member.id);
  if (known) return known;
  tx.insert(identities).values({ platform: 'console', platformUserId: member.key, memberId: member.id }).onConflictDoNothing().run();
  return memberByIdentity(tx, 'console', member.key)?.id === member.id ? member.key : undefined;
}

/** The session a cookie carries, if live; its last-seen time is moved on (at most once a minute). */
export function sessionOf(db: Db, core: Core, token: string): Omit<SignedIn, 'token'> | undefined {
  const now = core.clock.now();
  const session = sessionByDigest(db, tokenDigest(token));
  if (!sessionLive(session, now)) return undefined;
  const member = memberById(db, session.memberId);
  const consoleId = member && platformIdsOf(db, 'console', [member.id]).get(member.id);
  if (!member || !consoleId) return undefined;
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id)).run();
  return { session, member, consoleId };
}

/**
 * With the demo picker off, the sessions it opened end (anyone could have picked anyone): at
 * start-up, one timeline row for all of them.
 */
export function endDemoSessions(db: Db, core: Core): number {
  const now = core.clock.now();
  return db.transaction((tx) => {
    const ended = tx
      .update(sessions)
      .set({ endedAt: now })
      .where(and(eq(sessions.via, 'demo'), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
      .returning({ id: sessions.id })
      .all();
    if (ended.length > 0)
      writeTimeline(tx, {
        incidentId: null,
        kind: 'session_ended',
        text: `演示模式已关闭，结束 ${ended.length} 个演示模式会话`,
        data: { sessionIds: ended.map((s) => s.id) },
        actorId: null,
        platform: 'system',
        now,
      });
    return ended.length;
  }, IMMEDIATE);
}

/** Ends a session: one's own (退出, or from 我的会话), or anyone's for an admin. */
export function endSession(db: Db, core: Core, input: { sessionId: number; by: Member; current: boolean }): { ended: Session } {
  const now = core.clock.now();
  return db.transaction((tx) => {
    const target = sessionById(tx, input.sessionId);
    if (!target || (target.memberId !== input.by.id && !isAdminMember(input.by))) throw new Refusal('没有这个会话，或你无权结束它。', '无权结束这个会话');
    const ended = tx
      .update(sessions)
      .set({ endedAt: now, endedBy: input.by.id })
      .where(and(eq(sessions.id, target.id), isNull(sessions.endedAt)))
      .returning()
      .get();
    if (!ended) throw new Refusal('这个会话已经结束了。', '会话已结束');
    const owner = memberById(tx, target.memberId)?.name ?? '（已删除成员）';
    const text =
      target.memberId !== input.by.id
        ? `${input.by.name} 结束了 ${owner} 的工作台会话（${clockTime(target.createdAt, core.timeZone)} 登录）`
        : input.current
          ? `${owner} 退出工作台`
          : `${owner} 结束了自己的一个工作台会话（${clockTime(target.createdAt, core.timeZone)} 登录）`;
    writeTimeline(tx, {
      incidentId: null,
      kind: target.memberId === input.by.id && input.current ? 'signed_out' : 'session_ended',
      text,
      data: { sessionId: target.id },
      actorId: input.by.id,
      platform: 'web',
      now,
    });
    return { ended };
  }, IMMEDIATE);
}

/** Wipes the tokens of links that expired unused from their stored messages (run with the inbox prune). */
export function wipeExpiredLinks(db: Db, now: number): number {
  // The prune runs hourly: links that expired in the last two days cover any missed run.
  const expired = db
    .select({ id: loginLinks.id })
    .from(loginLinks)
    .where(and(isNull(loginLinks.usedAt), lte(loginLinks.expiresAt, now), gt(loginLinks.expiresAt, now - 2 * 24 * 60 * 60 * 1000)))
    .all();
  if (expired.length === 0) return 0;
  const subjects = expired.map((l) => loginLinkSubject(l.id));
  return db
    .update(botMessages)
    .set({ card: spentLoginLinkCard() })
    .where(and(inArray(botMessages.subject, subjects), sql`${botMessages.card} like '%/login/%'`))
    .run().changes;
}

/** A secret the bot generates once and keeps (the session-cookie key when SESSION_SECRET is unset). */
export function keptSecret(db: Db, name: string): string {
  db.insert(settings)
    .values({ key: name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing()
    .run();
  return db.select().from(settings).where(eq(settings.key, name)).get()!.value;
}
