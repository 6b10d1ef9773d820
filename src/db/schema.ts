// The database schema. One file so drizzle-kit can generate migrations into drizzle/.
// Times are stored as integer milliseconds since the epoch (UTC); display converts to the
// configured time zone. JSON columns hold small, schema-checked structures.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
// The one list of levels (it imports nothing, so the schema can lean on it).
import { LEVELS } from '../core/levels';

const createdAt = () => integer('created_at').notNull();
/** A row's link in the record's hash chain: set by the database trigger, never by our code. */
const chainLink = () => ({ prevHash: text('prev_hash'), hash: text('hash') });

export const departments = sqliteTable('departments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
});

export const members = sqliteTable('members', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stable key from the organisation file, or `auto-<platform>-<id>` for self-registered senders. */
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  departmentKey: text('department_key'),
  /** Roles from the organisation file; replaced on every sync. JSON string[]. */
  fileRoles: text('file_roles', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  /** Roles granted by an admin command; kept across syncs. JSON string[]. */
  grantedRoles: text('granted_roles', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  source: text('source', { enum: ['file', 'auto'] }).notNull(),
  onDuty: integer('on_duty', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const identities = sqliteTable(
  'identities',
  {
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
  },
  (t) => [primaryKey({ columns: [t.platform, t.platformUserId] }), index('identities_member').on(t.memberId)],
);

export const groups = sqliteTable(
  'groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull().unique(),
    name: text('name').notNull(),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    /** `chat`: a group the bot is in with no routing role (learnt from the platform). */
    purpose: text('purpose', { enum: ['command', 'department', 'broadcast', 'chat'] }).notNull(),
    departmentKey: text('department_key'),
    /** Platform-specific extras (e.g. a WeCom robot webhook key), opaque to the core. */
    extra: text('extra', { mode: 'json' }).$type<Record<string, string>>(),
    /** `file`: from the organisation file, replaced on every sync. `platform`: registered by an adapter. */
    source: text('source', { enum: ['file', 'platform'] })
      .notNull()
      .default('file'),
  },
  (t) => [uniqueIndex('groups_platform_chat').on(t.platform, t.chatId)],
);

export const incidents = sqliteTable('incidents', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  number: text('number').notNull().unique(),
  title: text('title').notNull(),
  level: text('level', { enum: LEVELS }).notNull(),
  status: text('status', { enum: ['monitoring', 'responding', 'calmed', 'closed'] }).notNull(),
  isDrill: integer('is_drill', { mode: 'boolean' }).notNull().default(false),
  createdBy: integer('created_by').references(() => members.id),
  originPlatform: text('origin_platform').notNull(),
  originChatId: text('origin_chat_id').notNull(),
  summary: text('summary'),
  /** `signals`: raised by the warning engine from monitoring signals (itself, or on a leader's confirmation). */
  raisedBy: text('raised_by', { enum: ['person', 'signals'] })
    .notNull()
    .default('person'),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull(),
  closedAt: integer('closed_at'),
});

export const leads = sqliteTable(
  'leads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id').references(() => incidents.id),
    source: text('source').notNull(),
    link: text('link'),
    summary: text('summary').notNull(),
    reportedBy: integer('reported_by').references(() => members.id),
    createdAt: createdAt(),
  },
  // A link already known (a person's 上报, a monitoring signal) finds its incident.
  (t) => [index('leads_link').on(t.link), index('leads_incident').on(t.incidentId)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    departmentKey: text('department_key'),
    title: text('title').notNull(),
    status: text('status', { enum: ['open', 'claimed', 'done'] }).notNull(),
    ownerId: integer('owner_id').references(() => members.id),
    claimedAt: integer('claimed_at'),
    claimDueAt: integer('claim_due_at'),
    doneAt: integer('done_at'),
    doneNote: text('done_note'),
    createdBy: integer('created_by').references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [index('tasks_incident').on(t.incidentId)],
);

/** Response deadlines of an incident, computed from the playbook when the level is set. */
export const deadlines = sqliteTable(
  'deadlines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    kind: text('kind').notNull(),
    label: text('label').notNull(),
    dueAt: integer('due_at').notNull(),
    metAt: integer('met_at'),
  },
  (t) => [index('deadlines_incident').on(t.incidentId)],
);

/** An information release (信息发布) walking its approval chain. Shown to people as A<id>. */
export const releases = sqliteTable('releases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentId: integer('incident_id')
    .notNull()
    .references(() => incidents.id),
  authorId: integer('author_id')
    .notNull()
    .references(() => members.id),
  version: integer('version').notNull(),
  content: text('content').notNull(),
  /** The chain snapshot taken at submission, so a playbook edit never changes a running approval. */
  chain: text('chain', { mode: 'json' }).$type<ApprovalStepSnapshot[]>().notNull(),
  step: integer('step').notNull(),
  status: text('status', { enum: ['pending', 'rejected', 'approved'] }).notNull(),
  createdAt: createdAt(),
  updatedAt: integer('updated_at').notNull(),
});

export type ApprovalStepSnapshot = { label: string; roles: string[]; department?: string | undefined };

export const releaseVersions = sqliteTable(
  'release_versions',
  {
    releaseId: integer('release_id')
      .notNull()
      .references(() => releases.id),
    version: integer('version').notNull(),
    content: text('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.version] })],
);

export const approvalDecisions = sqliteTable('approval_decisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  releaseId: integer('release_id')
    .notNull()
    .references(() => releases.id),
  version: integer('version').notNull(),
  step: integer('step').notNull(),
  deciderId: integer('decider_id')
    .notNull()
    .references(() => members.id),
  decision: text('decision', { enum: ['approve', 'reject'] }).notNull(),
  reason: text('reason'),
  createdAt: createdAt(),
  ...chainLink(),
});

/**
 * Append-only record of every change: who, what, when, from which platform. Each row (and each
 * approval decision) is a link of one hash chain, filled in by a trigger (src/db/record-chain.ts).
 */
export const timeline = sqliteTable(
  'timeline',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id').references(() => incidents.id),
    actorId: integer('actor_id').references(() => members.id),
    platform: text('platform').notNull(),
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    ...chainLink(),
  },
  (t) => [index('timeline_incident').on(t.incidentId)],
);

/** The newest link of the record's hash chain and how many links it has (src/db/record-chain.ts). */
export const recordHead = sqliteTable('record_head', {
  id: integer('id').primaryKey(),
  hash: text('hash'),
  length: integer('length').notNull(),
  sealedAt: integer('sealed_at').notNull(),
});

/** A bot message that may be updated later (a card about an incident, task or approval). */
export const botMessages = sqliteTable(
  'bot_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    /** What the card shows, so a state change can find every card to refresh: `incident:3`, `release:7`. */
    subject: text('subject'),
    /** The platform's id for the delivered message; null until the outbox has delivered it. */
    platformRef: text('platform_ref'),
    /**
     * A reply only its addressee should read (a refusal, a mistake, their own status), shown in the
     * group to this platform user alone where the platform can (Feishu's ephemeral card), privately
     * elsewhere (the adapter decides). Null for what the whole chat reads.
     */
    recipient: text('recipient'),
    card: text('card', { mode: 'json' }).notNull(),
    /** Bumped on every card change; the outbox compares it with what it delivered. */
    version: integer('version').notNull().default(1),
    deliveredVersion: integer('delivered_version').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('bot_messages_subject').on(t.subject)],
);

/** Every outgoing message, written in the same transaction as the change that caused it. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['send', 'update'] }).notNull(),
    platform: text('platform').notNull(),
    chatId: text('chat_id').notNull(),
    botMessageId: integer('bot_message_id')
      .notNull()
      .references(() => botMessages.id),
    /** Lower runs first: 0 red warnings, 5 ordinary replies, 9 routine reminders. */
    priority: integer('priority').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** A drain that is delivering the row holds it until then (wall-clock ms): another process skips it. */
    leaseUntil: integer('lease_until'),
    createdAt: createdAt(),
    doneAt: integer('done_at'),
  },
  (t) => [index('outbox_due').on(t.status, t.priority, t.nextAttemptAt), index('outbox_chat').on(t.platform, t.chatId, t.status)],
);

/** Inbound events already handled, so a platform's redelivery has no second effect. */
export const inbox = sqliteTable(
  'inbox',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] })],
);

/**
 * Things the clock must do at a stored time: remind about a deadline, climb an escalation ladder.
 * Written in the same transaction as what caused them; each fires once (a conditional UPDATE in
 * the transaction that sends its messages), late if it fell due while the process was down.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    /** What it is about, e.g. `deadline:4`, `task:7`, `release:2:v1:s0`. */
    subject: text('subject').notNull(),
    step: integer('step').notNull(),
    dueAt: integer('due_at').notNull(),
    status: text('status', { enum: ['pending', 'fired', 'failed'] }).notNull(),
    firedAt: integer('fired_at'),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('jobs_once').on(t.kind, t.subject, t.step), index('jobs_due').on(t.status, t.dueAt)],
);

/** 迟报/漏报: every response deadline that was missed, how late, and whose it was — for the review. */
export const lateReports = sqliteTable('late_reports', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentId: integer('incident_id')
    .notNull()
    .references(() => incidents.id),
  deadlineId: integer('deadline_id')
    .notNull()
    .unique()
    .references(() => deadlines.id),
  label: text('label').notNull(),
  dueAt: integer('due_at').notNull(),
  /** When it was finally met; null while still missing (漏报). */
  metAt: integer('met_at'),
  /** Who met it late (the actor of the closing command or approval). */
  metBy: integer('met_by').references(() => members.id),
  recordedAt: integer('recorded_at').notNull(),
});

/** A change to the rotation for one slot: 排班 (set), 换班 (swap), 代班 (cover). */
export const dutyOverrides = sqliteTable(
  'duty_overrides',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The shift's date in the organisation's zone, YYYY-MM-DD (a night shift belongs to the day it starts). */
    date: text('date').notNull(),
    shiftKey: text('shift_key').notNull(),
    roleKey: text('role_key').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    reason: text('reason', { enum: ['set', 'swap', 'cover'] }).notNull(),
    setBy: integer('set_by')
      .notNull()
      .references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('duty_overrides_slot').on(t.date, t.shiftKey, t.roleKey)],
);

/**
 * 话题: monitoring signals about one thing, grouped by the Jaccard similarity of their keyword sets
 * (src/core/signals/grouping.ts). The warning engine scores a topic, not a single item.
 */
export const topics = sqliteTable(
  'topics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The first item's title: what the topic is called on cards. */
    title: text('title').notNull(),
    /** The first item's token set (its keywords, or its title's bigrams): what later items are compared with. */
    tokens: text('tokens', { mode: 'json' }).$type<string[]>().notNull(),
    incidentId: integer('incident_id').references(() => incidents.id),
    score: real('score').notNull().default(0),
    /** The level the score gives, with hysteresis (null below blue). */
    level: text('level', { enum: LEVELS }),
    /** The highest level raised or proposed for this topic since it last fell below that level. */
    actedLevel: text('acted_level', { enum: LEVELS }),
    /** Score parts and speeds of the last scoring, for cards and the API. */
    indicators: text('indicators', { mode: 'json' }).$type<Record<string, number>>(),
    /** Mentions-per-hour samples taken at each scoring (the last two hours): the trend compares with an hour ago. */
    rates: text('rates', { mode: 'json' })
      .$type<{ at: number; perHour: number }[]>()
      .notNull()
      .default(sql`'[]'`),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [index('topics_last_seen').on(t.lastSeenAt), index('topics_incident').on(t.incidentId)],
);

/** One item a monitoring tool pushed, idempotent by source + link; its lead (线索) is in `leads`. */
export const signals = sqliteTable(
  'signals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').notNull(),
    link: text('link').notNull(),
    /** Which configured sender pushed it (the token's name, or `hmac`). */
    sender: text('sender').notNull(),
    leadId: integer('lead_id')
      .notNull()
      .references(() => leads.id),
    /** Null only when stored without grouping (the benchmark's baseline). */
    topicId: integer('topic_id').references(() => topics.id),
    title: text('title').notNull(),
    excerpt: text('excerpt').notNull(),
    authorName: text('author_name').notNull(),
    authorFollowers: integer('author_followers').notNull(),
    authorVerified: integer('author_verified', { mode: 'boolean' }).notNull(),
    publishedAt: integer('published_at').notNull(),
    reads: integer('reads').notNull(),
    reposts: integer('reposts').notNull(),
    comments: integer('comments').notNull(),
    likes: integer('likes').notNull(),
    mentionsLastHour: integer('mentions_last_hour').notNull(),
    sentiment: real('sentiment').notNull(),
    keywords: text('keywords', { mode: 'json' }).$type<string[]>().notNull(),
    /** Influence weight (reach × author × source authority) under the playbook at the last observation. */
    weight: real('weight').notNull(),
    /** SHA-256 of the parsed item: an identical observation changes nothing. */
    contentHash: text('content_hash').notNull(),
    observations: integer('observations').notNull().default(1),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [
    uniqueIndex('signals_source_link').on(t.source, t.link),
    // Covers a topic's scoring (score-topic.ts): Σ weight, negativity and the last hour's mentions are
    // read from the index alone, without visiting every row of a big topic after each batch.
    index('signals_topic_figures').on(t.topicId, t.lastSeenAt, t.weight, t.sentiment, t.mentionsLastHour),
    index('signals_link').on(t.link),
  ],
);

/** 预警建议: a level the warning engine asks the command centre to confirm (orange and red by default). */
export const proposals = sqliteTable(
  'proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    /** The open incident it would upgrade; null when confirming opens a new incident. */
    incidentId: integer('incident_id').references(() => incidents.id),
    level: text('level', { enum: LEVELS }).notNull(),
    score: real('score').notNull(),
    status: text('status', { enum: ['pending', 'confirmed', 'ignored', 'superseded'] }).notNull(),
    /** The level it was confirmed at (调整级别 may choose another). */
    decidedLevel: text('decided_level', { enum: LEVELS }),
    decidedBy: integer('decided_by').references(() => members.id),
    decidedAt: integer('decided_at'),
    /** Why it was ignored (the decider's words), or why it was superseded (e.g. 评分已回落…, …已结案). */
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('proposals_topic').on(t.topicId, t.status)],
);

/** Values the bot keeps for itself across restarts (the session-cookie secret when SESSION_SECRET is unset). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * One-time sign-in links (登录): only the SHA-256 of the token is kept; a link is bound to one
 * member, valid for minutes and redeemed once (used_at set by a conditional UPDATE).
 */
export const loginLinks = sqliteTable(
  'login_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** Where it was asked for: a platform name (feishu, wecom…), `script` (npm run login-link). */
    via: text('via').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('login_links_member').on(t.memberId)],
);

/** Signed-in web sessions: the cookie carries the token, the table its SHA-256. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** How they signed in: the link's `via`, or `demo` (the 演示模式 picker). */
    via: text('via').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at').notNull(),
    /** Absolute expiry; the idle expiry is last_seen_at + the idle limit. */
    expiresAt: integer('expires_at').notNull(),
    endedAt: integer('ended_at'),
    /** Who ended it (themselves on sign-out, or an admin); null when it ran out. */
    endedBy: integer('ended_by').references(() => members.id),
  },
  (t) => [index('sessions_member').on(t.memberId)],
);

/**
 * 总结评估: the review of one incident, opened at 平息 or 结案 (or by 总结), pre-filled with figures
 * measured from the timeline (src/core/read/review-figures.ts), signed off by the commander. Kept
 * with the incident; nothing in it is ever deleted.
 */
export const reviews = sqliteTable('reviews', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentId: integer('incident_id')
    .notNull()
    .unique()
    .references(() => incidents.id),
  status: text('status', { enum: ['open', 'signed'] }).notNull(),
  /** The one-line 总结 given with 结案, if any. */
  summary: text('summary'),
  openedAt: integer('opened_at').notNull(),
  /** Null when the system opened it (a drill's end). */
  openedBy: integer('opened_by').references(() => members.id),
  signedAt: integer('signed_at'),
  signedBy: integer('signed_by').references(() => members.id),
  /** The figures as signed: the exported document shows what the commander signed. */
  figures: text('figures', { mode: 'json' }).$type<Record<string, unknown>>(),
  /** A drill's score against the playbook's deadlines, set when the drill ends. */
  score: text('score', { mode: 'json' }).$type<Record<string, unknown>>(),
});

/** 经验 / 问题 / 改进措施 written into a review, by whom and when. Appended, never edited. */
export const reviewNotes = sqliteTable(
  'review_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => reviews.id),
    kind: text('kind', { enum: ['experience', 'problem', 'improvement'] }).notNull(),
    text: text('text').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [index('review_notes_review').on(t.reviewId)],
);

/** A drill played from a playbook scenario: its incident, when it runs, whether it may reach broadcast groups. */
export const drills = sqliteTable('drills', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  incidentId: integer('incident_id')
    .notNull()
    .unique()
    .references(() => incidents.id),
  scenarioKey: text('scenario_key').notNull(),
  scenarioName: text('scenario_name').notNull(),
  /** The scenario as it was started (its injects, its end): a playbook edit never changes a running drill. */
  scenario: text('scenario', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  /** The scenario says its messages may reach broadcast groups (off unless it says so). */
  broadcast: integer('broadcast', { mode: 'boolean' }).notNull().default(false),
  startedAt: integer('started_at').notNull(),
  startedBy: integer('started_by').references(() => members.id),
  endsAt: integer('ends_at').notNull(),
  endedAt: integer('ended_at'),
  /** Null when it ran to its end by the clock. */
  endedBy: integer('ended_by').references(() => members.id),
});

/**
 * 责任追究: a leader's finding against an accountability item — a late or missed deadline
 * (`deadline:<id>`), an overdue claim (`task:<id>`), a missed 续报 (`update:<timeline id>`). Each is
 * 说明, 责任认定 or 处理结果; a later finding of the same kind stands beside the earlier, never over it.
 */
export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    itemKey: text('item_key').notNull(),
    kind: text('kind', { enum: ['explanation', 'responsibility', 'outcome'] }).notNull(),
    text: text('text').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => members.id),
    createdAt: createdAt(),
  },
  (t) => [index('findings_item').on(t.itemKey)],
);

/**
 * 加急: one urgent push (Feishu urgent_app) per person per incident level, whatever the number of
 * chats the warning reached. Written with the warning in its transaction; the delivery buzzes on
 * the person's own card once it is delivered. A push whose call was started and never answered
 * (the process died) is never repeated: `unknown`, so nobody is buzzed twice.
 */
export const urgentPushes = sqliteTable(
  'urgent_pushes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    level: text('level', { enum: LEVELS }).notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    /** The person's private card the push rides on (its platformRef is the message buzzed). */
    botMessageId: integer('bot_message_id')
      .notNull()
      .references(() => botMessages.id),
    /** `calling`: a call is in flight (until lease_until); `unknown`: it was never answered, so it is not repeated. */
    status: text('status', { enum: ['pending', 'calling', 'done', 'failed', 'unknown'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    doneAt: integer('done_at'),
  },
  (t) => [uniqueIndex('urgent_pushes_once').on(t.incidentId, t.level, t.memberId, t.platform), index('urgent_pushes_due').on(t.status, t.nextAttemptAt)],
);

/** 应急会议: the emergency meeting orange and red call for (001 三(三)4, 002 四(一)2). Decisions go on the timeline. */
export const meetings = sqliteTable(
  'meetings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    title: text('title').notNull(),
    startsAt: integer('starts_at').notNull(),
    /** A room, or a link to a video meeting; null until someone sets it (or the playbook gives one). */
    place: text('place'),
    /** Member ids, from the playbook's attendee roles when it was called. JSON number[]. */
    attendees: text('attendees', { mode: 'json' }).$type<number[]>().notNull(),
    createdBy: integer('created_by').references(() => members.id),
    createdAt: createdAt(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('meetings_incident').on(t.incidentId)],
);
