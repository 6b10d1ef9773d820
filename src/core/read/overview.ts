// What 状态 and 列表 show: the open incidents and what is waiting, one incident with its releases
// and latest timeline, or the list of incidents.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { leads, outbox, timeline } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { readIncidentView, type IncidentView } from './incident-view';
import { incidentsByStatus, openIncidents, openTaskCount, tasksOf, type Incident } from './incidents';
import { membersByIds } from './members';
import type { Core } from '../context';
import { onDutyNow } from './audience';
import { approverNames, releasesOfIncident, type Release } from './releases';

const RECENT_SHOWN = 5;
/** 列表 全部 shows the newest incidents only. */
const ALL_SHOWN = 30;

export interface Overview {
  open: Incident[];
  /** Unclaimed tasks per open incident. */
  unclaimed: Map<number, number>;
  /** Leads attached to no incident. */
  unattached: number;
  /** Messages that could not be delivered. */
  dead: number;
}

export function readOverview(db: DbOrTx): Overview {
  const open = openIncidents(db);
  return {
    open,
    unclaimed: new Map(open.map((i) => [i.id, openTaskCount(tasksOf(db, i.id))])),
    unattached: db.select({ id: leads.id }).from(leads).where(isNull(leads.incidentId)).all().length,
    dead: db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'dead')).all().length,
  };
}

export interface IncidentStatus {
  view: IncidentView;
  releases: Release[];
  /** The release waiting for a decision: its step's label and who may decide it. */
  pendingStep: { release: Release; label: string; approvers: string } | undefined;
  /** The latest timeline rows, oldest first. */
  recent: (typeof timeline.$inferSelect)[];
  /** The newest 进展 (续报). */
  latestProgress: typeof timeline.$inferSelect | undefined;
  /** Departments with tasks nobody has claimed, by name. */
  unclaimedDepartments: string[];
  /** Who is on duty now. */
  onDuty: string[];
}

export function readIncidentStatus(db: DbOrTx, core: Core, incident: Incident, now: number): IncidentStatus {
  const view = readIncidentView(db, incident);
  const releases = releasesOfIncident(db, incident.id);
  const pending = releases.find((r) => r.status === 'pending');
  const step = pending?.chain[pending.step];
  const unclaimed = [
    ...new Set(
      view.tasks.filter((t) => t.status === 'open').map((t) => (t.departmentKey ? (view.departments.get(t.departmentKey) ?? t.departmentKey) : '未分部门')),
    ),
  ];
  return {
    view,
    releases,
    pendingStep: pending && step ? { release: pending, label: step.label, approvers: approverNames(db, step) } : undefined,
    recent: db.select().from(timeline).where(eq(timeline.incidentId, incident.id)).orderBy(desc(timeline.id)).limit(RECENT_SHOWN).all().reverse(),
    latestProgress: db
      .select()
      .from(timeline)
      .where(and(eq(timeline.incidentId, incident.id), eq(timeline.kind, 'progress')))
      .orderBy(desc(timeline.id))
      .get(),
    unclaimedDepartments: unclaimed,
    onDuty: onDutyNow(db, core, now).map((m) => m.name),
  };
}

export interface IncidentList {
  incidents: Incident[];
  /** Who raised each, by member id. */
  creators: Map<number, string>;
}

export function readIncidentList(db: DbOrTx, all: boolean): IncidentList {
  const list = all ? incidentsByStatus(db, ['monitoring', 'responding', 'calmed', 'closed']).slice(0, ALL_SHOWN) : openIncidents(db);
  return {
    incidents: list,
    creators: new Map(
      membersByIds(
        db,
        list.flatMap((i) => (i.createdBy ? [i.createdBy] : [])),
      ).map((m) => [m.id, m.name]),
    ),
  };
}
