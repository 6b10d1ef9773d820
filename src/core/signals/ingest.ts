// Monitoring signals in: each item stored as a lead (线索), idempotent by source + link; new items
// grouped into topics; every topic the batch touched scored and acted on (act.ts). One
// transaction per batch, with one timeline row per topic touched, so a batch is all or nothing.
//
// Idempotency: an item identical to the stored one (same parsed content) changes nothing at all.
// The same source + link with different content is a new observation: its metrics, title and
// weight are replaced, it is counted as seen now, and its topic is scored again.
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, ne, or, gte, sql } from 'drizzle-orm';
import type { Tx } from '../../db/types';
import { incidents, leads, signals, topics } from '../../db/schema';
import type { Core } from '../context';
import { clip } from '../text';
import { actOnTopic, attachTopic, type TopicAction } from './act';
import { TopicIndex, tokensOf } from './grouping';
import type { SignalItem } from './item';
import { itemWeight } from './score';
import { scoreTouchedTopic } from './score-topic';
import { ingestStatements } from './statements';
import { writeTimeline } from '../timeline/append';

/** Take the write lock at BEGIN, as inbound commands do (see inbound/handle.ts). */
const IMMEDIATE = { behavior: 'immediate' } as const;

export const SIGNALS_PLATFORM = 'signals';

export interface IngestOptions {
  /** The configured sender that pushed the batch (token name, or `hmac`). */
  sender: string;
  /** false: validate and store only — the benchmark's baseline. */
  grouping?: boolean;
}

export interface IngestedItem {
  source: string;
  link: string;
  status: 'created' | 'updated' | 'duplicate';
  lead: string;
  topic: number | null;
}

export interface IngestResult {
  received: number;
  created: number;
  updated: number;
  duplicates: number;
  items: IngestedItem[];
  actions: TopicAction[];
}

type Stored = { id: number; leadId: number; topicId: number | null; contentHash: string; observations: number };

export function ingestSignals(core: Core, items: readonly SignalItem[], opts: IngestOptions): IngestResult {
  const now = core.clock.now();
  return core.db.transaction((tx) => {
    const result: IngestResult = { received: items.length, created: 0, updated: 0, duplicates: 0, items: [], actions: [] };
    const stored = existing(tx, items);
    const statements = ingestStatements(core.db);
    const grouping = opts.grouping !== false;
    let index: ActiveTopics | undefined;
    const touched = new Map<number, { created: number; updated: number; sources: Map<string, number> }>();

    for (const item of items) {
      const key = keyOf(item.source, item.link);
      const hash = createHash('sha256').update(JSON.stringify(item)).digest('hex');
      const prev = stored.get(key);
      if (prev && prev.contentHash === hash) {
        result.duplicates++;
        result.items.push({ source: item.source, link: item.link, status: 'duplicate', lead: `L${prev.leadId}`, topic: prev.topicId });
        continue;
      }
      const fields = columnsOf(core, item, hash, now);
      let row: Stored;
      if (prev) {
        tx.update(signals).set({ ...fields, observations: prev.observations + 1 }).where(eq(signals.id, prev.id)).run();
        tx.update(leads).set({ summary: clip(item.title, 500) }).where(eq(leads.id, prev.leadId)).run();
        row = { ...prev, contentHash: hash, observations: prev.observations + 1 };
        result.updated++;
      } else {
        index ??= grouping ? loadActiveTopics(tx, core, now) : undefined;
        const topic = index ? placeItem(tx, statements, index, item, now) : null;
        const lead = statements.insertLead.get({ incidentId: topic?.incidentId ?? null, source: item.source, link: item.link, summary: clip(item.title, 500), now })!;
        const { lastSeenAt: _seen, ...values } = fields;
        const inserted = statements.insertSignal.get({ ...values, source: item.source, link: item.link, sender: opts.sender, leadId: lead.id, topicId: topic?.id ?? null, now })!;
        row = { id: inserted.id, leadId: lead.id, topicId: topic?.id ?? null, contentHash: hash, observations: 1 };
        result.created++;
      }
      stored.set(key, row);
      result.items.push({ source: item.source, link: item.link, status: prev ? 'updated' : 'created', lead: `L${row.leadId}`, topic: row.topicId });
      if (row.topicId !== null) {
        const t = touched.get(row.topicId) ?? { created: 0, updated: 0, sources: new Map() };
        if (prev) t.updated++;
        else t.created++;
        t.sources.set(item.source, (t.sources.get(item.source) ?? 0) + 1);
        touched.set(row.topicId, t);
      }
    }

    if (!grouping && result.created + result.updated > 0) {
      writeTimeline(tx, { incidentId: null, kind: 'signals_received', text: `监测信号：新增 ${result.created} 条、更新 ${result.updated} 条（未归类）`, data: { sender: opts.sender }, actorId: null, platform: SIGNALS_PLATFORM, now });
    }
    for (const [topicId, counts] of touched) {
      const topic = scoreTouchedTopic(tx, core, topicId, now);
      const sources = [...counts.sources].map(([s, n]) => `${s} ${n}`).join('、');
      const levelName = topic.level ? `，${core.playbook.levels[topic.level].name.replace(/（.*）/, '')}区间` : '';
      writeTimeline(tx, {
        incidentId: topic.incidentId,
        kind: 'signals_received',
        text: `监测信号：话题「${clip(topic.title, 40)}」新增 ${counts.created} 条、更新 ${counts.updated} 条（${sources}）；每小时提及 ${Math.round(topic.indicators?.perHour ?? 0)}，评分 ${topic.score}${levelName}`,
        data: { topicId, sender: opts.sender, created: counts.created, updated: counts.updated, score: topic.score, level: topic.level, indicators: topic.indicators },
        actorId: null,
        platform: SIGNALS_PLATFORM,
        now,
      });
      const action = actOnTopic({ tx, core, now }, topic, counts.created > 0);
      if (action) result.actions.push(action);
    }
    return result;
  }, IMMEDIATE);
}

function keyOf(source: string, link: string): string {
  return `${source}\u0000${link}`;
}

function existing(tx: Tx, items: readonly SignalItem[]): Map<string, Stored> {
  const links = [...new Set(items.map((i) => i.link))];
  const found = new Map<string, Stored>();
  // SQLite binds at most 32766 parameters; batches are far smaller (MAX_BATCH_ITEMS).
  const rows = tx
    .select({ id: signals.id, source: signals.source, link: signals.link, leadId: signals.leadId, topicId: signals.topicId, contentHash: signals.contentHash, observations: signals.observations })
    .from(signals)
    .where(inArray(signals.link, links))
    .all();
  for (const r of rows) found.set(keyOf(r.source, r.link), r);
  return found;
}

function columnsOf(core: Core, item: SignalItem, contentHash: string, now: number) {
  return {
    title: item.title,
    excerpt: item.excerpt,
    authorName: item.author.name,
    authorFollowers: item.author.followers,
    authorVerified: item.author.verified,
    publishedAt: item.publishedAt,
    reads: item.metrics.reads,
    reposts: item.metrics.reposts,
    comments: item.metrics.comments,
    likes: item.metrics.likes,
    mentionsLastHour: item.metrics.mentionsLastHour,
    sentiment: item.sentiment,
    keywords: item.keywords,
    weight: itemWeight(core.playbook.indicators, { source: item.source, ...item.metrics, followers: item.author.followers, verified: item.author.verified }),
    contentHash,
    lastSeenAt: now,
  };
}

interface ActiveTopics {
  index: TopicIndex;
  incidentOf: Map<number, number | null>;
  similarity: number;
}

/**
 * Topics an item may join: seen within the grouping window, or feeding an open incident — never
 * one whose incident is closed (舆情反复 after 结案 starts a new topic and, if it grows, a new incident).
 */
function loadActiveTopics(tx: Tx, core: Core, now: number): ActiveTopics {
  const g = core.playbook.indicators.grouping;
  const since = now - g.windowHours * 3_600_000;
  const rows = tx
    .select({ id: topics.id, tokens: topics.tokens, incidentId: topics.incidentId })
    .from(topics)
    .leftJoin(incidents, eq(incidents.id, topics.incidentId))
    .where(and(or(isNull(topics.incidentId), ne(incidents.status, 'closed')), or(gte(topics.lastSeenAt, since), and(sql`${topics.incidentId} is not null`, ne(incidents.status, 'closed')))))
    .all();
  return { index: new TopicIndex(rows), incidentOf: new Map(rows.map((r) => [r.id, r.incidentId])), similarity: g.similarity };
}

/** Same link as a lead of an open incident → that incident's topic; else the most similar topic; else a new one. */
function placeItem(tx: Tx, statements: ReturnType<typeof ingestStatements>, active: ActiveTopics, item: SignalItem, now: number): { id: number; incidentId: number | null } {
  const tokens = tokensOf(item);
  const known = statements.incidentOfLink.get({ link: item.link });
  const match = active.index.best(tokens, active.similarity);
  const matchIncident = match ? (active.incidentOf.get(match.id) ?? null) : null;
  if (known?.incidentId) {
    const incidentId = known.incidentId;
    if (match && matchIncident === incidentId) return { id: match.id, incidentId };
    // The link says which incident this is about: a similar topic without one joins it.
    if (match && matchIncident === null) {
      attachTopic(tx, match.id, incidentId);
      active.incidentOf.set(match.id, incidentId);
      return { id: match.id, incidentId };
    }
    const topic = tx.select({ id: topics.id }).from(topics).where(eq(topics.incidentId, incidentId)).orderBy(sql`${topics.id} desc`).get();
    if (topic) return { id: topic.id, incidentId };
    return newTopic(tx, active, item, tokens, incidentId, now);
  }
  if (match) return { id: match.id, incidentId: matchIncident };
  return newTopic(tx, active, item, tokens, null, now);
}

function newTopic(tx: Tx, active: ActiveTopics, item: SignalItem, tokens: string[], incidentId: number | null, now: number): { id: number; incidentId: number | null } {
  const row = tx
    .insert(topics)
    .values({ title: clip(item.title, 120), tokens, incidentId, firstSeenAt: now, lastSeenAt: now })
    .returning({ id: topics.id })
    .get();
  active.index.add(row.id, tokens);
  active.incidentOf.set(row.id, incidentId);
  return { id: row.id, incidentId };
}
