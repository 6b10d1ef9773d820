// The 台账 as tables for an export: one row per incident, then its tasks, releases, upward reports
// and late items, each row naming its incident. Plain data with Chinese headers; a writer
// (src/documents/archive-xlsx.ts) turns it into a workbook. Times are written in the organisation's zone.
import { asc, inArray } from 'drizzle-orm';
import { releases, tasks } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { FINDING_KIND_NAME, ITEM_KIND_NAME, RELEASE_STATUS_NAME, releaseRef, taskRef } from '../names';
import { fullTime } from '../time';
import { readAccountability } from './accountability';
import type { ArchiveRow } from './archive';
import { departmentNames } from './groups';
import { allMembers } from './members';

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  columns: { header: string; width: number }[];
  rows: Cell[][];
}

const minutes = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : Math.round(ms / 60_000));
const TASK_STATUS = { open: '待认领', claimed: '已认领', done: '已完成' } as const;

export function archiveSheets(db: DbOrTx, core: Pick<Core, 'timeZone'>, rows: ArchiveRow[], now: number): Sheet[] {
  const at = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : fullTime(ms, core.timeZone).slice(0, 16));
  const numberOf = new Map(rows.map((r) => [r.id, r.number]));
  const ids = rows.map((r) => r.id);
  const names = new Map(allMembers(db).map((m) => [m.id, m.name]));
  const departments = departmentNames(db);

  const incidentSheet: Sheet = {
    name: '事件',
    columns: cols([
      ['事件编号', 18],
      ['标题', 40],
      ['级别', 16],
      ['状态', 8],
      ['演练', 6],
      ['发布时间', 17],
      ['发布人', 10],
      ['平息时间', 17],
      ['结案时间', 17],
      ['涉及部门', 24],
      ['线索数', 8],
      ['任务数', 8],
      ['发布稿数', 8],
      ['审批通过', 8],
      ['对外发布', 8],
      ['上报次数', 8],
      ['线索到预警(分钟)', 10],
      ['首次认领(分钟)', 10],
      ['首次续报(分钟)', 10],
      ['时限按时', 8],
      ['时限迟报', 8],
      ['时限漏报', 8],
      ['超时认领', 8],
      ['未认领', 8],
      ['总结评估', 8],
      ['签发人', 10],
      ['签发时间', 17],
      ['评估意见数', 8],
      ['结案总结', 40],
    ]),
    rows: rows.map((r) => [
      r.number,
      r.title,
      r.levelName,
      r.status,
      r.isDrill ? '是' : '否',
      at(r.raisedAt),
      r.raisedBy,
      at(r.calmedAt),
      at(r.closedAt),
      r.departments.join('、'),
      r.leads,
      r.tasks,
      r.releases,
      r.approved,
      r.publications,
      r.reports,
      minutes(r.figures.leadToWarningMs),
      minutes(r.figures.firstClaimMs),
      minutes(r.figures.firstProgressMs),
      r.figures.deadlinesOnTime,
      r.figures.deadlinesLate,
      r.figures.deadlinesMissed,
      r.figures.lateClaims,
      r.figures.unclaimed,
      r.review.status,
      r.review.signedBy,
      at(r.review.signedAt),
      r.review.notes,
      r.summary,
    ]),
  };

  const taskRows = ids.length === 0 ? [] : db.select().from(tasks).where(inArray(tasks.incidentId, ids)).orderBy(asc(tasks.incidentId), asc(tasks.id)).all();
  const taskSheet: Sheet = {
    name: '任务',
    columns: cols([
      ['事件编号', 18],
      ['任务号', 8],
      ['部门', 14],
      ['任务', 40],
      ['状态', 8],
      ['负责人', 10],
      ['派发时间', 17],
      ['认领时限', 17],
      ['认领时间', 17],
      ['超时认领(分钟)', 10],
      ['完成时间', 17],
      ['完成说明', 40],
    ]),
    rows: taskRows.map((t) => [
      numberOf.get(t.incidentId)!,
      taskRef(t.id),
      t.departmentKey ? (departments.get(t.departmentKey) ?? t.departmentKey) : null,
      t.title,
      TASK_STATUS[t.status],
      t.ownerId ? (names.get(t.ownerId) ?? null) : null,
      at(t.createdAt),
      at(t.claimDueAt),
      at(t.claimedAt),
      t.claimedAt !== null && t.claimDueAt !== null && t.claimedAt > t.claimDueAt ? minutes(t.claimedAt - t.claimDueAt) : null,
      at(t.doneAt),
      t.doneNote,
    ]),
  };

  const releaseRows =
    ids.length === 0 ? [] : db.select().from(releases).where(inArray(releases.incidentId, ids)).orderBy(asc(releases.incidentId), asc(releases.id)).all();
  const approvedAt = new Map(rows.flatMap((r) => r.full.approved.map((a) => [`${r.id}:${a.ref}`, a.at] as const)));
  const publishedAt = new Map(rows.flatMap((r) => r.full.publications.map((p) => [`${r.id}:${p.ref}`, p] as const)));
  const releaseSheet: Sheet = {
    name: '发布稿',
    columns: cols([
      ['事件编号', 18],
      ['编号', 8],
      ['版本', 6],
      ['起草人', 10],
      ['状态', 8],
      ['提交时间', 17],
      ['审批通过时间', 17],
      ['对外发布时间', 17],
      ['发布渠道', 20],
      ['审批链', 40],
      ['内容', 60],
    ]),
    rows: releaseRows.map((r) => {
      const published = publishedAt.get(`${r.incidentId}:${releaseRef(r.id)}`);
      return [
        numberOf.get(r.incidentId)!,
        releaseRef(r.id),
        r.version,
        names.get(r.authorId) ?? null,
        RELEASE_STATUS_NAME[r.status],
        at(r.createdAt),
        at(approvedAt.get(`${r.incidentId}:${releaseRef(r.id)}`)),
        at(published?.at),
        published ? published.channels.join('、') : null,
        r.chain.map((s) => s.label).join(' → '),
        r.content,
      ];
    }),
  };

  const reportSheet: Sheet = {
    name: '上报',
    columns: cols([
      ['事件编号', 18],
      ['类别', 14],
      ['时间', 17],
      ['时限', 17],
      ['方式', 10],
      ['对象', 20],
      ['签批时间', 17],
      ['预警后(分钟)', 10],
    ]),
    rows: rows.flatMap((r) => [
      ...r.full.reports.map((p) => [r.number, p.typeName, at(p.at), null, p.method, p.recipient, at(p.signedAt), minutes(p.fromWarningMs)] as Cell[]),
      // The playbook's upward-report deadlines (电话报告上级, 书面报告上级…) and when they were met.
      ...r.full.deadlines
        .filter((d) => d.kind.startsWith('report'))
        .map((d) => [r.number, d.label, at(d.metAt), at(d.dueAt), null, null, null, d.metAt === null ? null : minutes(d.metAt - r.raisedAt)] as Cell[]),
    ]),
  };

  const late = readAccountability(db, { from: 0, to: Number.MAX_SAFE_INTEGER, label: '全部' }, now).items.filter((i) => numberOf.has(i.incident.id));
  const lastOf = (i: (typeof late)[number], kind: keyof typeof FINDING_KIND_NAME) =>
    i.findings
      .filter((f) => f.kind === kind)
      .map((f) => `${f.text}（${f.author}）`)
      .join('；') || null;
  const lateSheet: Sheet = {
    name: '迟报',
    columns: cols([
      ['事件编号', 18],
      ['事项编号', 8],
      ['类别', 10],
      ['事项', 30],
      ['到期时间', 17],
      ['完成时间', 17],
      ['迟(分钟)', 8],
      ['人员', 10],
      ['部门', 14],
      [FINDING_KIND_NAME.explanation, 30],
      [FINDING_KIND_NAME.responsibility, 30],
      [FINDING_KIND_NAME.outcome, 30],
    ]),
    rows: late.map((i) => [
      i.incident.number,
      i.ref,
      ITEM_KIND_NAME[i.kind],
      i.what,
      at(i.dueAt),
      at(i.doneAt),
      minutes(i.lateByMs),
      i.person,
      i.department,
      lastOf(i, 'explanation'),
      lastOf(i, 'responsibility'),
      lastOf(i, 'outcome'),
    ]),
  };
  return [incidentSheet, taskSheet, releaseSheet, reportSheet, lateSheet];
}

function cols(list: [string, number][]): Sheet['columns'] {
  return list.map(([header, width]) => ({ header, width }));
}
