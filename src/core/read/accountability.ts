// 责任追究 (002 七): what was late or missed over a period, with whose it was and the findings
// recorded against it — response deadlines met late (迟报) or not at all (漏报), tasks claimed after
// their window or never, 续报 the clock had to ask for — counted per person and per department.
// Read from the records themselves (deadlines, tasks, the timeline), so nothing depends on a
// reminder having fired. Drills are exercises, not accountability: they are left out.
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import { deadlines, findings, incidents, tasks, timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { taskRef, type FindingKind, type ItemKind } from '../names';
import { departmentNames } from './groups';
import type { Incident } from './incidents';
import { allMembers } from './members';
import type { Period } from './periods';

export type { FindingKind, ItemKind } from '../names';
export { FINDING_KIND_NAME, ITEM_KIND_NAME } from '../names';

export interface AccountabilityItem {
  /** What people type to record a finding: D5 (a deadline), T3 (a task), U17 (a 续报 request). */
  ref: string;
  key: string;
  kind: ItemKind;
  incident: Pick<Incident, 'id' | 'number' | 'title' | 'level'>;
  what: string;
  dueAt: number;
  /** When it was done after all (null: never). */
  doneAt: number | null;
  /** How late it was done, or — never done — how long past due when its incident closed or now. */
  lateByMs: number;
  person: string | null;
  department: string | null;
  findings: { kind: FindingKind; text: string; author: string; at: number }[];
}

export interface Tally {
  name: string;
  department: string | null;
  counts: Record<ItemKind, number>;
  total: number;
}

export interface Accountability {
  period: Period;
  items: AccountabilityItem[];
  byPerson: Tally[];
  byDepartment: Tally[];
}

export const UNASSIGNED = '（未指定）';

export function readAccountability(db: DbOrTx, period: Period, now: number): Accountability {
  const people = new Map(allMembers(db).map((m) => [m.id, m]));
  const departments = departmentNames(db);
  const deptName = (key: string | null | undefined) => (key ? (departments.get(key) ?? key) : null);
  const real = eq(incidents.isDrill, false);
  const ended = (i: Incident) => Math.min(i.closedAt ?? now, now);
  const items: AccountabilityItem[] = [];
  const brief = (i: Incident) => ({ id: i.id, number: i.number, title: i.title, level: i.level });

  const dl = db
    .select({ d: deadlines, i: incidents })
    .from(deadlines)
    .innerJoin(incidents, eq(incidents.id, deadlines.incidentId))
    .where(and(real, gte(deadlines.dueAt, period.from), lt(deadlines.dueAt, period.to)))
    .orderBy(asc(deadlines.dueAt))
    .all();
  const metRows = rowsOfKind(
    db,
    'deadline_met',
    dl.map((r) => r.i.id),
  );
  for (const { d, i } of dl) {
    const late = d.metAt !== null && d.metAt > d.dueAt;
    const missed = d.metAt === null && d.dueAt < ended(i);
    if (!late && !missed) continue;
    const by = late ? metRows.find((t) => t.data?.deadlineId === d.id)?.actorId : undefined;
    const who = by ? people.get(by) : undefined;
    items.push({
      ref: `D${d.id}`,
      key: `deadline:${d.id}`,
      kind: late ? 'late_deadline' : 'missed_deadline',
      incident: brief(i),
      what: d.label,
      dueAt: d.dueAt,
      doneAt: d.metAt,
      lateByMs: (d.metAt ?? ended(i)) - d.dueAt,
      person: who?.name ?? null,
      department: deptName(who?.departmentKey),
      findings: [],
    });
  }

  const ts = db
    .select({ t: tasks, i: incidents })
    .from(tasks)
    .innerJoin(incidents, eq(incidents.id, tasks.incidentId))
    .where(and(real, gte(tasks.claimDueAt, period.from), lt(tasks.claimDueAt, period.to)))
    .orderBy(asc(tasks.claimDueAt))
    .all();
  const claims = rowsOfKind(
    db,
    'task_claimed',
    ts.map((r) => r.i.id),
  );
  for (const { t, i } of ts) {
    const due = t.claimDueAt!;
    const late = t.claimedAt !== null && t.claimedAt > due;
    const unclaimed = t.claimedAt === null && due < ended(i);
    if (!late && !unclaimed) continue;
    const claimer = claims.find((c) => c.data?.taskId === t.id)?.actorId ?? t.ownerId;
    items.push({
      ref: taskRef(t.id),
      key: `task:${t.id}`,
      kind: late ? 'late_claim' : 'unclaimed',
      incident: brief(i),
      what: `认领任务「${t.title}」`,
      dueAt: due,
      doneAt: t.claimedAt,
      lateByMs: (t.claimedAt ?? ended(i)) - due,
      person: late && claimer ? (people.get(claimer)?.name ?? null) : null,
      department: deptName(t.departmentKey),
      findings: [],
    });
  }

  const asked = db
    .select({ r: timeline, i: incidents })
    .from(timeline)
    .innerJoin(incidents, eq(incidents.id, timeline.incidentId))
    .where(and(real, eq(timeline.kind, 'update_requested'), gte(timeline.createdAt, period.from), lt(timeline.createdAt, period.to)))
    .orderBy(asc(timeline.id))
    .all();
  for (const { r, i } of asked) {
    items.push({
      ref: `U${r.id}`,
      key: `update:${r.id}`,
      kind: 'missed_update',
      incident: brief(i),
      what: '按时续报进展',
      dueAt: r.createdAt,
      doneAt: null,
      lateByMs: 0,
      person: null,
      department: null,
      findings: [],
    });
  }

  attachFindings(db, items, new Map([...people].map(([id, m]) => [id, m.name])));
  items.sort((a, b) => a.dueAt - b.dueAt);
  return {
    period,
    items,
    byPerson: tally(
      items,
      (i) => i.person,
      (i) => i.department,
    ),
    byDepartment: tally(
      items,
      (i) => i.department,
      () => null,
    ),
  };
}

function rowsOfKind(db: DbOrTx, kind: string, incidentIds: number[]) {
  if (incidentIds.length === 0) return [];
  return db
    .select()
    .from(timeline)
    .where(and(eq(timeline.kind, kind), inArray(timeline.incidentId, [...new Set(incidentIds)])))
    .orderBy(asc(timeline.id))
    .all();
}

function attachFindings(db: DbOrTx, items: AccountabilityItem[], names: Map<number, string>): void {
  if (items.length === 0) return;
  const rows = db
    .select()
    .from(findings)
    .where(
      inArray(
        findings.itemKey,
        items.map((i) => i.key),
      ),
    )
    .orderBy(asc(findings.id))
    .all();
  for (const item of items)
    item.findings = rows
      .filter((f) => f.itemKey === item.key)
      .map((f) => ({ kind: f.kind, text: f.text, author: names.get(f.authorId) ?? '?', at: f.createdAt }));
}

function tally(items: AccountabilityItem[], nameOf: (i: AccountabilityItem) => string | null, deptOf: (i: AccountabilityItem) => string | null): Tally[] {
  const out = new Map<string, Tally>();
  for (const item of items) {
    const name = nameOf(item) ?? UNASSIGNED;
    let t = out.get(name);
    if (!t) {
      const department = name === UNASSIGNED ? null : deptOf(item);
      t = { name, department, counts: { late_deadline: 0, missed_deadline: 0, late_claim: 0, unclaimed: 0, missed_update: 0 }, total: 0 };
      out.set(name, t);
    } else if (t.department !== deptOf(item)) {
      // Items of several departments under one name: no one department to show.
      t.department = null;
    }
    t.counts[item.kind] += 1;
    t.total += 1;
  }
  return [...out.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh'));
}

/** The item a ref names (D5, T3, U17), whatever the period; undefined when it is not an accountability item. */
export function accountabilityItem(db: DbOrTx, ref: string, now: number): AccountabilityItem | undefined {
  const m = /^([DTU])(\d{1,9})$/i.exec(ref.trim());
  if (!m) return undefined;
  const id = Number(m[2]);
  const letter = m[1]!.toUpperCase();
  // The moment the item fell due: read the one period around it.
  const at =
    letter === 'D'
      ? db.select({ at: deadlines.dueAt }).from(deadlines).where(eq(deadlines.id, id)).get()?.at
      : letter === 'T'
        ? (db.select({ at: tasks.claimDueAt }).from(tasks).where(eq(tasks.id, id)).get()?.at ?? undefined)
        : db.select({ at: timeline.createdAt }).from(timeline).where(eq(timeline.id, id)).get()?.at;
  if (at === undefined) return undefined;
  const key = `${letter === 'D' ? 'deadline' : letter === 'T' ? 'task' : 'update'}:${id}`;
  return readAccountability(db, { from: at, to: at + 1, label: ref }, now).items.find((i) => i.key === key);
}
