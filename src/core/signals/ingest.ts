// Monitoring signals in: each item stored as a lead (线索), idempotent by source + link; new items
// grouped into topics; every topic the batch touched scored and acted on (act.ts). One
// transaction per batch, with one timeline row per topic touched, so a batch is all or nothing.
//
// Idempotency: an item identical to the stored one (same parsed content) changes nothing at all.
// The same source + link with different content is a new observation: its metrics, title and
// weight are replaced, it is counted as seen now, and its topic is scored again — unless that
// topic's incident is closed: renewed attention after 结案 (舆情反复) is placed afresh, as a new
// item would be, so it can form a new topic and, past a threshold, a new incident.
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { incidents, leads, proposals, signals, topics } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import type { Incident } from '../read/incidents';
import type { Proposal } from '../read/signals';
import { clip } from '../text';
import { actOnTopic, type TopicAction } from './act';
import type { SignalItem } from './item';
import { loadActiveTopics, placeItem, type ActiveTopics } from './place';
import { itemWeight } from './score';
import { scoreTouchedTopic } from './score-topic';
import { ingestStatements, type IngestStatements } from './statements';

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

/** A stored signal; `closed`: its topic's incident is closed. */
type Stored = { id: number; leadId: number; topicId: number | null; contentHash: string; observations: number; closed: boolean };
type Touch = { created: number; updated: number; sources: Map<string, number> };

export function ingestSignals(core: Core, items: readonly SignalItem[], opts: IngestOptions): IngestResult {
  const now = core.clock.now();
  return core.db.transaction((tx) => {
    const result: IngestResult = { received: items.length, created: 0, updated: 0, duplicates: 0, items: [], actions: [] };
    const stored = existing(tx, items);
    const statements = ingestStatements(core.db);
    const grouping = opts.grouping !== false;
    // Read once, on the first item that needs placing; which items may need it is known up front.
    const placeable = items.filter((i) => {
      const prev = stored.get(keyOf(i.source, i.link));
      return !prev || prev.closed;
    });
    let active: ActiveTopics | undefined;
    const placing = () => (active ??= loadActiveTopics(tx, core, placeable, now));
    const touched = new Map<number, Touch>();

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
      const placed = !prev || (grouping && prev.closed);
      let row: Stored;
      if (!placed) {
        tx.update(signals)
          .set({ ...fields, observations: prev.observations + 1 })
          .where(eq(signals.id, prev.id))
          .run();
        tx.update(leads)
          .set({ summary: clip(item.title, 500) })
          .where(eq(leads.id, prev.leadId))
          .run();
        row = { ...prev, contentHash: hash, observations: prev.observations + 1 };
      } else {
        const topic = grouping ? placeItem(tx, statements, placing(), item, now) : null;
        const incidentId = topic?.incidentId ?? null;
        // A lead of its own: a re-placed item's old lead stays with the closed incident, for the review.
        const lead = statements.insertLead.get({ incidentId, source: item.source, link: item.link, summary: clip(item.title, 500), now })!;
        if (incidentId !== null && topic?.level && active && !active.linkIncident.has(item.link))
          active.linkIncident.set(item.link, { incidentId, level: topic.level });
        if (prev) {
          tx.update(signals)
            .set({ ...fields, topicId: topic?.id ?? null, leadId: lead.id, observations: prev.observations + 1 })
            .where(eq(signals.id, prev.id))
            .run();
          row = { ...prev, leadId: lead.id, topicId: topic?.id ?? null, contentHash: hash, observations: prev.observations + 1, closed: false };
        } else {
          const { lastSeenAt: _seen, ...values } = fields;
          const inserted = statements.insertSignal.get({
            ...values,
            source: item.source,
            link: item.link,
            sender: opts.sender,
            leadId: lead.id,
            topicId: topic?.id ?? null,
            now,
          })!;
          row = { id: inserted.id, leadId: lead.id, topicId: topic?.id ?? null, contentHash: hash, observations: 1, closed: false };
        }
      }
      if (prev) result.updated++;
      else result.created++;
      stored.set(key, row);
      result.items.push({ source: item.source, link: item.link, status: prev ? 'updated' : 'created', lead: `L${row.leadId}`, topic: row.topicId });
      if (row.topicId !== null) {
        const t = touched.get(row.topicId) ?? { created: 0, updated: 0, sources: new Map() };
        // New to its topic (a re-placed item included) counts as new there.
        if (placed) t.created++;
        else t.updated++;
        t.sources.set(item.source, (t.sources.get(item.source) ?? 0) + 1);
        touched.set(row.topicId, t);
      }
    }

    if (!grouping && result.created + result.updated > 0) {
      statements.writeTimeline.run({
        incidentId: null,
        kind: 'signals_received',
        text: `监测信号：新增 ${result.created} 条、更新 ${result.updated} 条（未归类）`,
        data: { sender: opts.sender },
        actorId: null,
        platform: SIGNALS_PLATFORM,
        now,
      });
    }
    scoreAndAct(tx, core, statements, touched, opts.sender, now, result.actions);
    return result;
  }, IMMEDIATE);
}

/**
 * Every topic the batch touched: scored, its spread written to the timeline, acted on. The topics
 * and their incidents are read in one query; an incident another topic of this batch acted on is
 * read again (its level or cards may have changed).
 */
function scoreAndAct(tx: Tx, core: Core, statements: IngestStatements, touched: Map<number, Touch>, sender: string, now: number, actions: TopicAction[]): void {
  if (touched.size === 0) return;
  const ids = [...touched.keys()];
  const rows = tx
    .select({ topic: topics, incident: incidents })
    .from(topics)
    .leftJoin(incidents, eq(incidents.id, topics.incidentId))
    .where(inArray(topics.id, ids))
    .all();
  const byId = new Map(rows.map((r) => [r.topic.id, r]));
  // At most one pending per topic (a new one supersedes the old); the newest wins should there be more.
  const pendingOf = new Map<number, Proposal>();
  for (const p of tx
    .select()
    .from(proposals)
    .where(and(inArray(proposals.topicId, ids), eq(proposals.status, 'pending')))
    .orderBy(proposals.id)
    .all())
    pendingOf.set(p.topicId, p);
  const actedOn = new Set<number>();
  for (const [topicId, counts] of touched) {
    const { topic: before, incident: loaded } = byId.get(topicId)!;
    const incident: Incident | undefined = loaded === null ? undefined : actedOn.has(loaded.id) ? statements.incidentById.get({ id: loaded.id }) : loaded;
    const topic = scoreTouchedTopic(statements, core, before, now);
    const sources = [...counts.sources].map(([s, n]) => `${s} ${n}`).join('、');
    const levelName = topic.level ? `，${withoutGrade(core.playbook.levels[topic.level].name)}区间` : '';
    statements.writeTimeline.run({
      incidentId: topic.incidentId,
      kind: 'signals_received',
      text: `监测信号：话题「${clip(topic.title, 40)}」新增 ${counts.created} 条、更新 ${counts.updated} 条（${sources}）；每小时提及 ${Math.round(topic.indicators?.perHour ?? 0)}，评分 ${topic.score}${levelName}`,
      data: { topicId, sender, created: counts.created, updated: counts.updated, score: topic.score, level: topic.level, indicators: topic.indicators },
      actorId: null,
      platform: SIGNALS_PLATFORM,
      now,
    });
    const done = actOnTopic({ tx, core, now }, { topic, incident, pending: pendingOf.get(topicId), grew: counts.created > 0 });
    actions.push(...done);
    if (incident) actedOn.add(incident.id);
  }
}

function keyOf(source: string, link: string): string {
  return `${source}\u0000${link}`;
}

function existing(tx: Tx, items: readonly SignalItem[]): Map<string, Stored> {
  const links = [...new Set(items.map((i) => i.link))];
  const found = new Map<string, Stored>();
  // SQLite binds at most 32766 parameters; batches are far smaller (MAX_BATCH_ITEMS).
  const rows = tx
    .select({
      id: signals.id,
      source: signals.source,
      link: signals.link,
      leadId: signals.leadId,
      topicId: signals.topicId,
      contentHash: signals.contentHash,
      observations: signals.observations,
      closed: sql<number>`coalesce(${incidents.status} = 'closed', 0)`,
    })
    .from(signals)
    .leftJoin(topics, eq(topics.id, signals.topicId))
    .leftJoin(incidents, eq(incidents.id, topics.incidentId))
    .where(inArray(signals.link, links))
    .all();
  for (const r of rows) found.set(keyOf(r.source, r.link), { ...r, closed: r.closed === 1 });
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
