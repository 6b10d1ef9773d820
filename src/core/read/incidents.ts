// Reading incidents and turning what people type into one incident.
import { and, asc, desc, eq, inArray, isNotNull, like, ne, sql } from 'drizzle-orm';
import { deadlines, incidents, leads, tasks } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { Refusal } from '../errors';
import { dayStamp } from '../time';

export type Incident = typeof incidents.$inferSelect;
export type Task = typeof tasks.$inferSelect;
export type Deadline = typeof deadlines.$inferSelect;
export type Lead = typeof leads.$inferSelect;

export function openIncidents(db: DbOrTx): Incident[] {
  return db.select().from(incidents).where(ne(incidents.status, 'closed')).orderBy(desc(incidents.id)).all();
}

/** The open incident that already has a lead with this link, if any (the newest). */
export function openIncidentWithLink(db: DbOrTx, link: string): Incident | undefined {
  return db
    .select({ incident: incidents })
    .from(leads)
    .innerJoin(incidents, eq(incidents.id, leads.incidentId))
    .where(and(eq(leads.link, link), ne(incidents.status, 'closed')))
    .orderBy(desc(incidents.id))
    .get()?.incident;
}

export function incidentByNumber(db: DbOrTx, number: string): Incident | undefined {
  return db.select().from(incidents).where(eq(incidents.number, number.toUpperCase())).get();
}

export function incidentById(db: DbOrTx, id: number): Incident | undefined {
  return db.select().from(incidents).where(eq(incidents.id, id)).get();
}

/**
 * The incident a command is about: the number given, or — when none is given — the only open
 * incident. Anything else is a refusal that says what to type.
 */
export function resolveIncident(db: DbOrTx, number: string | undefined, example: string): Incident {
  if (number) {
    const found = incidentByNumber(db, number);
    if (!found) throw new Refusal(`没有编号为 ${number.toUpperCase()} 的舆情事件。发送「列表」查看进行中的事件及编号。`, `没有事件 ${number}`);
    return found;
  }
  const open = openIncidents(db);
  if (open.length === 1) return open[0]!;
  if (open.length === 0) throw new Refusal('目前没有进行中的舆情事件。发现苗头请先发「预警 级别 描述」或「上报 链接 摘要」。');
  throw new Refusal(
    `目前有 ${open.length} 个进行中的事件，请写明事件编号，例如：${example.replace('{n}', open[0]!.number)}\n进行中：${open.map((i) => i.number).join('、')}`,
  );
}

/** Work on a closed incident is refused; the refusal names the incident and how to reopen work. */
export function requireIncidentOpen(db: DbOrTx, incidentId: number, what: string): Incident {
  const incident = incidentById(db, incidentId)!;
  if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案，不能再${what}。如舆情反复，请重新发「预警」。`, '事件已结案');
  return incident;
}

export function tasksOf(db: DbOrTx, incidentId: number): Task[] {
  return db.select().from(tasks).where(eq(tasks.incidentId, incidentId)).orderBy(asc(tasks.id)).all();
}

export function deadlinesOf(db: DbOrTx, incidentId: number): Deadline[] {
  return db.select().from(deadlines).where(eq(deadlines.incidentId, incidentId)).orderBy(asc(deadlines.dueAt)).all();
}

/** The first `limit` leads with a link, and how many there are in all. */
export function linkedLeads(db: DbOrTx, incidentId: number, limit: number): { rows: Lead[]; total: number } {
  const where = and(eq(leads.incidentId, incidentId), isNotNull(leads.link));
  const rows = db.select().from(leads).where(where).orderBy(asc(leads.id)).limit(limit).all();
  const total =
    rows.length < limit
      ? rows.length
      : (db
          .select({ n: sql<number>`count(*)` })
          .from(leads)
          .where(where)
          .get()?.n ?? 0);
  return { rows, total };
}

/**
 * Readable incident numbers: YQ-<date in the organisation's zone>-<sequence of the day>. Safe because
 * SQLite serialises writers: the count and the insert share one transaction.
 */
export function nextIncidentNumber(db: DbOrTx, now: number, timeZone: string): string {
  const prefix = `YQ-${dayStamp(now, timeZone)}-`;
  const n =
    db
      .select({ id: incidents.id })
      .from(incidents)
      .where(like(incidents.number, `${prefix}%`))
      .all().length + 1;
  return `${prefix}${String(n).padStart(3, '0')}`;
}

export function incidentsByStatus(db: DbOrTx, statuses: Incident['status'][]): Incident[] {
  return db.select().from(incidents).where(inArray(incidents.status, statuses)).orderBy(desc(incidents.id)).all();
}

export function taskOf(db: DbOrTx, ref: string): Task {
  const id = Number(ref.replace(/^[Tt]/, ''));
  const task = Number.isSafeInteger(id) && id > 0 ? db.select().from(tasks).where(eq(tasks.id, id)).get() : undefined;
  if (!task) throw new Refusal(`没有任务 ${ref.toUpperCase()}。发送「状态」查看事件的任务及编号。`, `没有任务 ${ref.toUpperCase()}`);
  return task;
}

export function openTaskCount(list: Task[]): number {
  return list.filter((t) => t.status === 'open').length;
}
