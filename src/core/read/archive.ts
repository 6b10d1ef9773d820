// 台账: the archive of incidents for an auditor — each with its level, dates, leads, releases,
// reports, review and headline figures — searchable by text (title, summary, leads, timeline),
// level, date raised and department (one with a task in it). Newest first.
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { departments, incidents, leads, releases, reviewNotes, reviews as reviewTable, tasks, timeline } from '../../db/schema';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import type { Level } from '../levels';
import { STATUS_NAME } from '../names';
import { membersByIds } from './members';
import { readReviewRecord } from './review-record';
import { reviewFigures, type ReviewFigures } from './review-figures';
import { reviewsOf } from './reviews';

export interface ArchiveFilter {
  text?: string | undefined;
  level?: Level | undefined;
  /** Raised at or after (epoch ms). */
  from?: number | undefined;
  /** Raised before (epoch ms). */
  to?: number | undefined;
  /** A department's key or name. */
  department?: string | undefined;
  drills?: boolean | undefined;
}

export interface ArchiveRow {
  id: number;
  number: string;
  title: string;
  level: Level;
  levelName: string;
  status: string;
  isDrill: boolean;
  raisedAt: number;
  raisedBy: string;
  calmedAt: number | null;
  closedAt: number | null;
  summary: string | null;
  departments: string[];
  leads: number;
  tasks: number;
  releases: number;
  approved: number;
  publications: number;
  reports: number;
  review: { status: '未开启' | '待签发' | '已签发'; signedBy: string | null; signedAt: number | null; notes: number };
  figures: {
    leadToWarningMs: number | null;
    firstClaimMs: number | null;
    firstProgressMs: number | null;
    deadlinesOnTime: number;
    deadlinesLate: number;
    deadlinesMissed: number;
    lateClaims: number;
    unclaimed: number;
  };
  /** The figures in full, for the export's other sheets. */
  full: ReviewFigures;
}

/** LIKE with the person's words taken literally (% and _ are not wildcards). */
function contains(column: SQL | SQLiteColumn, text: string): SQL {
  return sql`${column} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`;
}

export function searchArchive(db: DbOrTx, core: Pick<Core, 'playbook'>, filter: ArchiveFilter, now: number, limit = 500): ArchiveRow[] {
  const where: SQL[] = [];
  if (!filter.drills) where.push(eq(incidents.isDrill, false));
  if (filter.level) where.push(eq(incidents.level, filter.level));
  if (filter.from !== undefined) where.push(gte(incidents.createdAt, filter.from));
  if (filter.to !== undefined) where.push(lt(incidents.createdAt, filter.to));
  if (filter.department) {
    const key = db
      .select({ key: departments.key })
      .from(departments)
      .where(or(eq(departments.key, filter.department), eq(departments.name, filter.department)))
      .get()?.key;
    where.push(sql`exists (select 1 from ${tasks} where ${tasks.incidentId} = ${incidents.id} and ${tasks.departmentKey} = ${key ?? filter.department})`);
  }
  const text = filter.text?.trim();
  if (text) {
    where.push(
      or(
        contains(incidents.title, text),
        contains(sql`coalesce(${incidents.summary}, '')`, text),
        contains(incidents.number, text),
        sql`exists (select 1 from ${leads} where ${leads.incidentId} = ${incidents.id} and (${contains(leads.summary, text)} or ${contains(sql`coalesce(${leads.link}, '')`, text)}))`,
        sql`exists (select 1 from ${timeline} where ${timeline.incidentId} = ${incidents.id} and ${contains(timeline.text, text)})`,
      )!,
    );
  }
  const found = db
    .select()
    .from(incidents)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(limit)
    .all();
  if (found.length === 0) return [];
  const ids = found.map((i) => i.id);
  const counted = (rows: { id: number | null; n: number }[]) => new Map(rows.map((r) => [r.id!, r.n]));
  const n = sql<number>`count(*)`;
  const leadCounts = counted(db.select({ id: leads.incidentId, n }).from(leads).where(inArray(leads.incidentId, ids)).groupBy(leads.incidentId).all());
  const taskCounts = counted(db.select({ id: tasks.incidentId, n }).from(tasks).where(inArray(tasks.incidentId, ids)).groupBy(tasks.incidentId).all());
  const releaseCounts = counted(
    db.select({ id: releases.incidentId, n }).from(releases).where(inArray(releases.incidentId, ids)).groupBy(releases.incidentId).all(),
  );
  const deptNames = new Map(
    db
      .select()
      .from(departments)
      .all()
      .map((d) => [d.key, d.name]),
  );
  const taskDepts = db.selectDistinct({ id: tasks.incidentId, key: tasks.departmentKey }).from(tasks).where(inArray(tasks.incidentId, ids)).all();
  const reviews = reviewsOf(db, ids);
  const noteCounts = new Map(
    db
      .select({ id: reviewTable.incidentId, n: sql<number>`count(*)` })
      .from(reviewNotes)
      .innerJoin(reviewTable, eq(reviewTable.id, reviewNotes.reviewId))
      .where(inArray(reviewTable.incidentId, ids))
      .groupBy(reviewTable.incidentId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  const people = new Map(
    membersByIds(db, [...new Set(found.flatMap((i) => [i.createdBy, reviews.get(i.id)?.signedBy].filter((x): x is number => typeof x === 'number')))]).map(
      (m) => [m.id, m.name],
    ),
  );
  return found.map((incident) => {
    const review = reviews.get(incident.id);
    const f =
      review?.status === 'signed' && review.figures
        ? (review.figures as unknown as ReviewFigures)
        : reviewFigures(readReviewRecord(db, incident), core.playbook, now);
    const claimed = f.claims.filter((c) => c.fromWarningMs !== null).map((c) => c.fromWarningMs!);
    return {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      level: incident.level,
      levelName: core.playbook.levels[incident.level].name,
      status: STATUS_NAME[incident.status],
      isDrill: incident.isDrill,
      raisedAt: incident.createdAt,
      raisedBy: incident.createdBy ? (people.get(incident.createdBy) ?? '') : incident.raisedBy === 'signals' ? '监测信号' : '',
      calmedAt: f.incident.calmedAt,
      closedAt: incident.closedAt,
      summary: incident.summary,
      departments: taskDepts.filter((t) => t.id === incident.id && t.key).map((t) => deptNames.get(t.key!) ?? t.key!),
      leads: leadCounts.get(incident.id) ?? 0,
      tasks: taskCounts.get(incident.id) ?? 0,
      releases: releaseCounts.get(incident.id) ?? 0,
      approved: f.approved.length,
      publications: f.publications.length,
      reports: f.reports.length,
      review: {
        status: !review ? '未开启' : review.status === 'signed' ? '已签发' : '待签发',
        signedBy: review?.signedBy ? (people.get(review.signedBy) ?? null) : null,
        signedAt: review?.signedAt ?? null,
        notes: noteCounts.get(incident.id) ?? 0,
      },
      figures: {
        leadToWarningMs: f.warning.leadToWarningMs,
        firstClaimMs: claimed.length > 0 ? Math.min(...claimed) : null,
        firstProgressMs: f.firstProgress?.fromWarningMs ?? null,
        deadlinesOnTime: f.deadlines.filter((d) => d.outcome === 'on_time').length,
        deadlinesLate: f.deadlines.filter((d) => d.outcome === 'late').length,
        deadlinesMissed: f.deadlines.filter((d) => d.outcome === 'missed').length,
        lateClaims: f.claims.filter((c) => c.late).length,
        unclaimed: f.claims.filter((c) => c.claimedAt === null).length,
      },
      full: f,
    };
  });
}
