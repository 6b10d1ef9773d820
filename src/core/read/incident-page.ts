// Everything about one incident for its page on the workspace: the JSON API's detail (full
// timeline, leads with their figures, tasks, deadlines, topics) plus the releases with every
// version and every approval decision, and the departments by name.
import { asc, eq } from 'drizzle-orm';
import { releaseVersions } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { releaseRef, RELEASE_STATUS_NAME } from '../names';
import { incidentDetail } from './api-view';
import { departmentNames } from './groups';
import { incidentByNumber } from './incidents';
import { membersByIds } from './members';
import { decisionsOf, releasesOfIncident } from './releases';

const LEADS_SHOWN = 200;

export function readIncidentPage(db: DbOrTx, core: Core, number: string) {
  const incident = incidentByNumber(db, number.toUpperCase());
  if (!incident) return undefined;
  const detail = incidentDetail(db, core, incident.number, LEADS_SHOWN)!;
  const departments = departmentNames(db);
  const list = releasesOfIncident(db, incident.id);
  const decisions = new Map(list.map((r) => [r.id, decisionsOf(db, r.id)]));
  const people = new Map(
    membersByIds(db, [...new Set([...list.map((r) => r.authorId), ...[...decisions.values()].flat().map((d) => d.deciderId)])]).map((m) => [m.id, m.name]),
  );
  return {
    ...detail,
    tasks: detail.tasks.map((t) => ({ ...t, departmentName: t.department ? (departments.get(t.department) ?? t.department) : null })),
    releases: list.map((r) => ({
      ref: releaseRef(r.id),
      status: r.status,
      statusName: RELEASE_STATUS_NAME[r.status],
      author: people.get(r.authorId) ?? '',
      step: r.status === 'pending' ? (r.chain[r.step]?.label ?? null) : null,
      chain: r.chain.map((s) => s.label),
      versions: db
        .select()
        .from(releaseVersions)
        .where(eq(releaseVersions.releaseId, r.id))
        .orderBy(asc(releaseVersions.version))
        .all()
        .map((v) => ({ version: v.version, content: v.content, createdAt: v.createdAt })),
      decisions: (decisions.get(r.id) ?? []).map((d) => ({
        version: d.version,
        step: r.chain[d.step]?.label ?? `第 ${d.step + 1} 步`,
        decider: people.get(d.deciderId) ?? '',
        decision: d.decision,
        reason: d.reason,
        at: d.createdAt,
      })),
    })),
  };
}

export type IncidentPage = NonNullable<ReturnType<typeof readIncidentPage>>;
