// What people read for stored things: task, release and proposal numbers (T3, A12, P3), incident
// numbers (YQ-20261121-001) and incident statuses. Cards, replies and the JSON API all use these.
import type { findings, incidents, releases, reviewNotes } from '../db/schema';

export const INCIDENT_NUMBER = /^YQ-\d{8}-\d{3,}$/i;

export const STATUS_NAME: Record<(typeof incidents.$inferSelect)['status'], string> = {
  monitoring: '监测中',
  responding: '处置中',
  calmed: '已平息',
  closed: '已结案',
};

export const RELEASE_STATUS_NAME: Record<(typeof releases.$inferSelect)['status'], string> = { pending: '审批中', rejected: '已驳回', approved: '可发布' };

/** The three parts of a 总结评估 people write. */
export const NOTE_KIND_NAME: Record<(typeof reviewNotes.$inferSelect)['kind'], string> = { experience: '经验', problem: '问题', improvement: '改进措施' };

/** 责任追究: the kinds of accountability items, and of findings recorded against them. */
export type ItemKind = 'late_deadline' | 'missed_deadline' | 'late_claim' | 'unclaimed' | 'missed_update';
export type FindingKind = (typeof findings.$inferSelect)['kind'];

export const ITEM_KIND_NAME: Record<ItemKind, string> = {
  late_deadline: '迟报',
  missed_deadline: '漏报',
  late_claim: '超时认领',
  unclaimed: '未认领',
  missed_update: '未按时续报',
};

export const FINDING_KIND_NAME: Record<FindingKind, string> = { explanation: '说明', responsibility: '责任认定', outcome: '处理结果' };

export function taskRef(id: number): string {
  return `T${id}`;
}

export function releaseRef(id: number): string {
  return `A${id}`;
}

export function proposalRef(id: number): string {
  return `P${id}`;
}
