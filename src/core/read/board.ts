// What the situation board (态势看板) shows, read in one place: the open incidents with their next
// deadline, unclaimed tasks, waiting release step and latest 进展; who is on duty now and next; the
// late-report ledger; the signal topics with their spread over time. Plain data: the server turns
// it into JSON for the page.
import { and, asc, desc, eq, gte, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { deadlines, incidents, lateReports, signals, timeline, topics } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { LEVELS } from '../levels';
import { releaseRef, STATUS_NAME, taskRef } from '../names';
import { addDays, localDate } from '../time';
import { onDutyNow } from './audience';
import { departmentNames } from './groups';
import { openIncidents, tasksOf, type Incident } from './incidents';
import { membersByIds } from './members';
import { approverNames, releasesOfIncident } from './releases';
import { shiftAt, shiftsOn, type ShiftSlot } from './roster';

const HOUR = 60 * 60 * 1000;
const LEDGER_SHOWN = 20;
const TOPICS_SHOWN = 8;
const CHART_TOPICS = 5;
/** Topics of the last day are shown. */
const CHART_HOURS = 24;

export interface BoardIncident {
  number: string;
  title: string;
  level: Incident['level'];
  levelName: string;
  status: string;
  isDrill: boolean;
  createdAt: number;
  nextDeadline: { label: string; dueAt: number } | null;
  unclaimed: { department: string; tasks: { ref: string; title: string }[] }[];
  waiting: { ref: string; version: number; step: string; who: string }[];
  latestProgress: { text: string; at: number } | null;
}

export interface DutyView {
  shiftName: string;
  start: number;
  end: number;
  people: { role: string; name: string }[];
}

export interface Board {
  now: number;
  incidents: BoardIncident[];
  duty: { now: DutyView | null; next: DutyView | null; plain: string[] };
  ledger: { incident: string; label: string; dueAt: number; metAt: number | null; metBy: string | null }[];
  topics: { id: number; title: string; score: number; level: string | null; incident: string | null; signals: number; lastSeenAt: number }[];
  spread: { hours: number[]; series: { name: string; counts: number[] }[] };
}

export function readBoard(db: DbOrTx, core: Core, now: number): Board {
  const open = openIncidents(db).sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || b.createdAt - a.createdAt);
  const departments = departmentNames(db);
  return {
    now,
    incidents: open.map((i) => boardIncident(db, core, i, departments)),
    duty: dutyNowAndNext(db, core, now),
    ledger: ledger(db),
    ...topicsAndSpread(db, now),
  };
}

function boardIncident(db: DbOrTx, core: Core, i: Incident, departments: Map<string, string>): BoardIncident {
  const next = db
    .select()
    .from(deadlines)
    .where(and(eq(deadlines.incidentId, i.id), sql`${deadlines.metAt} is null`))
    .orderBy(asc(deadlines.dueAt))
    .get();
  const byDept = new Map<string, { ref: string; title: string }[]>();
  for (const t of tasksOf(db, i.id).filter((t) => t.status === 'open')) {
    const name = t.departmentKey ? (departments.get(t.departmentKey) ?? t.departmentKey) : '未指定部门';
    byDept.set(name, [...(byDept.get(name) ?? []), { ref: taskRef(t.id), title: t.title }]);
  }
  const waiting = releasesOfIncident(db, i.id)
    .filter((r) => r.status === 'pending' && r.chain[r.step])
    .map((r) => ({ ref: releaseRef(r.id), version: r.version, step: r.chain[r.step]!.label, who: approverNames(db, r.chain[r.step]!) }));
  const progress = db
    .select()
    .from(timeline)
    .where(and(eq(timeline.incidentId, i.id), eq(timeline.kind, 'progress')))
    .orderBy(desc(timeline.id))
    .get();
  return {
    number: i.number,
    title: i.title,
    level: i.level,
    levelName: core.playbook.levels[i.level].name,
    status: STATUS_NAME[i.status],
    isDrill: i.isDrill,
    createdAt: i.createdAt,
    nextDeadline: next ? { label: next.label, dueAt: next.dueAt } : null,
    unclaimed: [...byDept].map(([department, tasks]) => ({ department, tasks })),
    waiting,
    latestProgress: progress ? { text: progress.text, at: progress.createdAt } : null,
  };
}

function dutyView(slot: ShiftSlot | undefined): DutyView | null {
  return slot
    ? { shiftName: slot.shiftName, start: slot.start, end: slot.end, people: slot.people.map((p) => ({ role: p.roleName, name: p.member.name })) }
    : null;
}

function dutyNowAndNext(db: DbOrTx, core: Core, now: number): Board['duty'] {
  if (!core.playbook.duty) return { now: null, next: null, plain: onDutyNow(db, core, now).map((m) => m.name) };
  const current = shiftAt(db, core, now);
  const today = localDate(now, core.timeZone);
  const next = [...shiftsOn(db, core, today), ...shiftsOn(db, core, addDays(today, 1))].find((s) => s.start >= (current?.end ?? now));
  return { now: dutyView(current), next: dutyView(next), plain: [] };
}

function ledger(db: DbOrTx): Board['ledger'] {
  const rows = db
    .select({ late: lateReports, number: incidents.number })
    .from(lateReports)
    .innerJoin(incidents, eq(incidents.id, lateReports.incidentId))
    .orderBy(desc(lateReports.dueAt))
    .limit(LEDGER_SHOWN)
    .all();
  const names = new Map(
    membersByIds(
      db,
      rows.flatMap((r) => (r.late.metBy ? [r.late.metBy] : [])),
    ).map((m) => [m.id, m.name]),
  );
  return rows.map((r) => ({
    incident: r.number,
    label: r.late.label,
    dueAt: r.late.dueAt,
    metAt: r.late.metAt,
    metBy: r.late.metBy ? (names.get(r.late.metBy) ?? null) : null,
  }));
}

/** Topics seen in the last day or feeding an open incident, loudest first; the spread is signals first seen per topic, cumulative by hour. */
function topicsAndSpread(db: DbOrTx, now: number): Pick<Board, 'topics' | 'spread'> {
  const since = now - CHART_HOURS * HOUR;
  const openIds = db
    .select({ id: incidents.id })
    .from(incidents)
    .where(ne(incidents.status, 'closed'))
    .all()
    .map((r) => r.id);
  const rows = db
    .select({ topic: topics, number: incidents.number })
    .from(topics)
    .leftJoin(incidents, eq(incidents.id, topics.incidentId))
    .where(or(gte(topics.lastSeenAt, since), openIds.length > 0 ? inArray(topics.incidentId, openIds) : sql`0`))
    .orderBy(desc(topics.score), desc(topics.lastSeenAt))
    .limit(TOPICS_SHOWN)
    .all();
  const ids = rows.map((r) => r.topic.id);
  const counts = new Map(
    ids.length === 0
      ? []
      : db
          .select({ id: signals.topicId, n: sql<number>`count(*)` })
          .from(signals)
          .where(and(isNotNull(signals.topicId), inArray(signals.topicId, ids)))
          .groupBy(signals.topicId)
          .all()
          .map((r) => [r.id, r.n]),
  );
  // From the hour the charted topics were first seen (at most a day back) to now.
  const firstSeen = Math.min(now, ...rows.slice(0, CHART_TOPICS).map((r) => r.topic.firstSeenAt));
  const start = Math.floor(Math.max(since, firstSeen) / HOUR) * HOUR;
  const hours = Array.from({ length: Math.floor((now - start) / HOUR) + 1 }, (_, k) => start + k * HOUR);
  const series = rows.slice(0, CHART_TOPICS).map(({ topic }) => {
    // Signals first seen per hour, by SQL (a loud topic has thousands), then summed up to each hour.
    const perHour = db
      .select({ hour: sql<number>`${signals.firstSeenAt} / ${HOUR}`, n: sql<number>`count(*)` })
      .from(signals)
      .where(eq(signals.topicId, topic.id))
      .groupBy(sql`1`)
      .all();
    return { name: topic.title, counts: hours.map((h) => perHour.filter((p) => p.hour * HOUR < h + HOUR).reduce((sum, p) => sum + p.n, 0)) };
  });
  return {
    topics: rows.map(({ topic, number }) => ({
      id: topic.id,
      title: topic.title,
      score: topic.score,
      level: topic.level,
      incident: number,
      signals: counts.get(topic.id) ?? 0,
      lastSeenAt: topic.lastSeenAt,
    })),
    spread: { hours, series },
  };
}
