// 同意 / 驳回: decide the current step of a release. Only a member the roster says may decide this
// step can; a rejection needs a reason and returns the draft to its author; the last approval
// marks it releasable and meets the incident's statement deadline.
import { and, eq } from 'drizzle-orm';
import { approvalDecisions, deadlines, releases } from '../../db/schema';
import { textCard } from '../cards/card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { releaseRef } from '../names';
import { commandDestinations } from '../read/groups';
import { incidentById, requireIncidentOpen } from '../read/incidents';
import { memberById } from '../read/members';
import { approverNames, approversOf, canApproveStep, releaseOf, stepWho } from '../read/releases';
import { markDeadlineMet } from '../write/deadlines';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { planApprovalWait } from '../write/plan-jobs';
import { refreshReleaseCards, sendToStepApprovers } from '../write/release-cards';
import { appendTimeline } from '../write/timeline';

export function decideRelease(
  ctx: VerbContext,
  input: { ref: string; decision: 'approve' | 'reject'; reason: string },
): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  const release = releaseOf(tx, input.ref);
  const ref = releaseRef(release.id);
  requireIncidentOpen(tx, release.incidentId, `审批 ${ref}`);
  if (release.status === 'approved') throw new Refusal(`${ref} 已审批通过，无需再审。`, '已审批通过');
  if (release.status === 'rejected') throw new Refusal(`${ref} 已被驳回，等待起草人修改后重新提交。`, '已驳回，待修改');
  // Who may decide depends on the open step, so it is checked as soon as the release is known to have one.
  const step = release.chain[release.step]!;
  if (!canApproveStep(actor.member, step)) {
    const names = approversOf(tx, step)
      .map((m) => m.name)
      .join('、');
    throw new Refusal(
      `${ref} 当前是「${step.label}」，需要${stepWho(tx, step)}审批${names ? `（${names}）` : ''}；你不是这一步的审批人。`,
      `你不是审批人，请 ${names || step.label} 审批`,
    );
  }
  if (input.decision === 'reject' && input.reason.trim().length === 0)
    throw new Refusal(
      `驳回需要写明理由，便于起草人修改。请发送「驳回 ${ref} 理由」，例如：驳回 ${ref} 事实表述需法务再核`,
      '驳回需要理由：请发送「驳回 编号 理由」',
    );

  const last = release.step + 1 >= release.chain.length;
  const next =
    input.decision === 'reject'
      ? { status: 'rejected' as const, step: release.step }
      : last
        ? { status: 'approved' as const, step: release.step }
        : { status: 'pending' as const, step: release.step + 1 };
  // Conditional on the step not having moved: two approvers tapping at once decide it once.
  const updated = tx
    .update(releases)
    .set({ ...next, updatedAt: now })
    .where(and(eq(releases.id, release.id), eq(releases.step, release.step), eq(releases.version, release.version), eq(releases.status, 'pending')))
    .returning()
    .get();
  if (!updated) throw new Refusal(`${ref} 刚刚已被其他审批人处理，请查看卡片上的最新进度。`, '已被他人处理');
  tx.insert(approvalDecisions)
    .values({
      releaseId: release.id,
      version: release.version,
      step: release.step,
      deciderId: actor.member.id,
      decision: input.decision,
      reason: input.reason || null,
      createdAt: now,
    })
    .run();
  const verb = input.decision === 'approve' ? '同意' : '驳回';
  appendTimeline(ctx, {
    incidentId: release.incidentId,
    kind: input.decision === 'approve' ? 'release_approved_step' : 'release_rejected',
    text: `${actor.member.name} ${verb} ${ref}（${step.label}）${input.reason ? `：${input.reason}` : ''}${updated.status === 'approved' ? '，审批全部通过' : ''}`,
    data: { releaseId: release.id, version: release.version, step: release.step },
  });
  if (updated.status === 'approved') {
    // An approved statement is the authoritative release the "statement" deadline waits for.
    const statement = tx
      .select()
      .from(deadlines)
      .where(and(eq(deadlines.incidentId, release.incidentId), eq(deadlines.kind, 'statement')))
      .get();
    if (statement && statement.metAt === null) markDeadlineMet(tx, statement, actor.member.id, now);
  }
  refreshReleaseCards(tx, core, updated, now);
  sendToStepApprovers(tx, core, updated, now);
  planApprovalWait(tx, core, updated, now);

  const author = memberById(tx, release.authorId)!;
  const incident = incidentById(tx, release.incidentId)!;
  const notice =
    updated.status === 'approved'
      ? textCard(`${ref} 审批通过`, `${incident.number} 的发布稿 ${ref} 已通过全部审批，可以对外发布。`, 'ok')
      : updated.status === 'rejected'
        ? textCard(`${ref} 被驳回`, `${actor.member.name}（${step.label}）驳回：${input.reason}\n请修改后发送「发布 ${ref} 新内容」重新提交。`, 'error')
        : textCard(
            `${ref} 待审批`,
            `${step.label} 已同意，请 ${approverNames(tx, updated.chain[updated.step]!)} 进行「${updated.chain[updated.step]!.label}」。`,
            'warn',
          );
  const mentionIds = updated.status === 'pending' ? approversOf(tx, updated.chain[updated.step]!) : [author];
  for (const dest of commandDestinations(tx)) {
    enqueueCard(tx, dest, { ...notice, mentions: mentionIds.map((m) => ({ memberId: m.id, name: m.name })) }, { now, priority: PRIORITY.reply });
  }
  return { reply: null, toast: `已${verb} ${ref}` };
}
