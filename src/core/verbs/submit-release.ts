// 发布: submit a draft release for approval, or a new version of a returned one (发布 A12 …).
// The playbook's chain for the incident's level is copied onto the release at submission.
import { eq } from 'drizzle-orm';
import { releases, releaseVersions } from '../../db/schema';
import { buildReleaseCard } from '../cards/release-card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { releaseRef } from '../names';
import { commandDestinations } from '../read/groups';
import { requireIncidentOpen, resolveIncident } from '../read/incidents';
import { requirePermission } from '../read/permissions';
import { readReleaseView } from '../read/release-view';
import { approversOf, releaseOf, type Release } from '../read/releases';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { planApprovalWait } from '../write/plan-jobs';
import { refreshReleaseCards, sendToStepApprovers } from '../write/release-cards';
import { releaseSubject } from '../write/subjects';
import { appendTimeline } from '../write/timeline';

export function submitRelease(
  ctx: VerbContext,
  input: { incidentNumber?: string | undefined; releaseRef?: string | undefined; content: string },
): { reply: string | null; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'release');
  if (input.content.trim().length < 5) throw new Refusal('发布稿内容太短。请写出完整的对外口径，例如：发布 关于网传某事的情况说明：经核查……');

  let release: Release;
  if (input.releaseRef) {
    const previous = releaseOf(tx, input.releaseRef);
    const ref = releaseRef(previous.id);
    if (previous.authorId !== actor.member.id) throw new Refusal(`${ref} 由他人起草；只有起草人可以提交新版本。`);
    if (previous.status === 'approved') throw new Refusal(`${ref} 已审批通过，不能再改。如需新的口径，请另起一稿：发布 内容`);
    const incident = requireIncidentOpen(tx, previous.incidentId, `修改 ${ref}`);
    release = tx
      .update(releases)
      .set({
        version: previous.version + 1,
        content: input.content,
        chain: core.playbook.levels[incident.level].approval,
        step: 0,
        status: 'pending',
        updatedAt: now,
      })
      .where(eq(releases.id, previous.id))
      .returning()
      .get();
  } else {
    const incident = resolveIncident(tx, input.incidentNumber, '发布 {n} 关于……的情况说明');
    if (incident.status === 'closed') throw new Refusal(`${incident.number} 已结案，不能再提交发布稿。`);
    release = tx
      .insert(releases)
      .values({
        incidentId: incident.id,
        authorId: actor.member.id,
        version: 1,
        content: input.content,
        chain: core.playbook.levels[incident.level].approval,
        step: 0,
        status: 'pending',
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
  }
  tx.insert(releaseVersions).values({ releaseId: release.id, version: release.version, content: release.content, createdAt: now }).run();
  const ref = releaseRef(release.id);
  appendTimeline(ctx, {
    incidentId: release.incidentId,
    kind: 'release_submitted',
    text: `${actor.member.name} 提交发布稿 ${ref} 第 ${release.version} 版`,
    data: { releaseId: release.id, version: release.version },
  });

  const card = buildReleaseCard(core, readReleaseView(tx, release));
  const step = release.chain[0]!;
  const approvers = approversOf(tx, step);
  const withMentions = { ...card, mentions: approvers.map((m) => ({ memberId: m.id, name: m.name })) };
  if (release.version > 1) refreshReleaseCards(tx, core, release, now);
  sendToStepApprovers(tx, core, release, now);
  planApprovalWait(tx, core, release, now);
  let here = false;
  for (const dest of [...commandDestinations(tx), { platform: actor.platform, chatId: actor.chatId }]) {
    const isHere = dest.platform === actor.platform && dest.chatId === actor.chatId;
    if (isHere && here) continue;
    here ||= isHere;
    enqueueCard(tx, dest, withMentions, { now, priority: PRIORITY.reply, subject: releaseSubject(release.id) });
  }
  return { reply: null, toast: `已提交 ${ref}，等待「${step.label}」` };
}
