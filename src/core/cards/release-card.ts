// The approval card of a release: the draft, where it is in its chain, and 同意 / 驳回 while a
// decision is pending. Once decided, the buttons give way to the outcome, who and when.
import type { Core } from '../context';
import { releaseRef } from '../names';
import type { ReleaseView } from '../read/release-view';
import { clockTime } from '../time';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { asDrillCard } from './drill-mark';
import { bold, md } from './markup';

/**
 * The approval card. Without `view` it is the shared card (command centre): buttons for whatever
 * step is open. With `view` it is one approver's private card for that step and version.
 */
export function buildReleaseCard(core: Pick<Core, 'timeZone'>, data: ReleaseView, view?: { version: number; step: number }): Card {
  const card = releaseCard(core, data, view);
  return data.isDrill ? asDrillCard(card) : card;
}

function releaseCard(core: Pick<Core, 'timeZone'>, data: ReleaseView, view?: { version: number; step: number }): Card {
  const { release, names: people } = data;
  if (view && (view.version !== release.version || view.step !== release.step || release.status !== 'pending')) {
    return decidedStepCard(core, data, view);
  }
  const ref = releaseRef(release.id);
  const decisions = data.decisions.filter((d) => d.version === release.version);
  const total = release.chain.length;
  const step = release.chain[release.step];

  const blocks: Block[] = [
    fields([
      { label: '事件', value: data.incidentNumber },
      { label: '起草人', value: people.get(release.authorId) ?? '?' },
      { label: '版本', value: `第 ${release.version} 版` },
      {
        label: '进度',
        value:
          release.status === 'approved'
            ? `已通过 ${total}/${total} 步`
            : release.status === 'rejected'
              ? '已驳回，退回起草人修改'
              : `第 ${release.step + 1}/${total} 步：${step?.label ?? ''}`,
      },
    ]),
    markdown(md`
**发布稿内容**
    `),
    plain(release.content),
  ];
  for (const d of decisions) {
    const who = people.get(d.deciderId) ?? '?';
    const label = release.chain[d.step]?.label ?? `第 ${d.step + 1} 步`;
    blocks.push(
      note(`${label}：${who} ${d.decision === 'approve' ? '同意' : '驳回'} · ${clockTime(d.createdAt, core.timeZone)}${d.reason ? ` · ${d.reason}` : ''}`),
    );
  }
  if (release.status === 'pending' && step) {
    blocks.push(markdown(md`请 ${data.approvers} 审批`));
    blocks.push({
      type: 'actions',
      buttons: [
        {
          label: '同意',
          action: 'approve',
          value: ref,
          style: 'primary',
          confirm: { title: `同意 ${ref}？`, text: `${step.label}：同意后${release.step + 1 < total ? '进入下一步审批' : '即可对外发布'}。` },
        },
        { label: '驳回', action: 'reject', value: ref, style: 'danger' },
      ],
    });
  } else if (release.status === 'approved') {
    blocks.push(
      markdown(md`
**✅ 审批通过，可以发布**
      `),
    );
  } else {
    blocks.push(markdown(md`**❌ 已驳回**，请起草人修改后发送「发布 ${ref} 新内容」重新提交`));
  }
  return {
    title: `信息发布审批 · ${ref}`,
    tone: release.status === 'approved' ? 'ok' : release.status === 'rejected' ? 'error' : 'warn',
    blocks,
  };
}

/** A private step card after its step is decided (or its version replaced): the outcome, no buttons. */
function decidedStepCard(core: Pick<Core, 'timeZone'>, { release, decisions, names }: ReleaseView, view: { version: number; step: number }): Card {
  const ref = releaseRef(release.id);
  const label = release.chain[view.step]?.label ?? `第 ${view.step + 1} 步`;
  const decision = decisions.find((d) => d.version === view.version && d.step === view.step);
  const who = decision ? (names.get(decision.deciderId) ?? '?') : undefined;
  const outcome = decision
    ? `${label}：${who} ${decision.decision === 'approve' ? '同意' : '驳回'} · ${clockTime(decision.createdAt, core.timeZone)}${decision.reason ? ` · ${decision.reason}` : ''}`
    : view.version !== release.version
      ? `第 ${view.version} 版已被第 ${release.version} 版取代，请在新卡片上审批`
      : `${label}：已不需要审批（${release.status === 'rejected' ? '已驳回' : '已处理'}）`;
  const state =
    release.status === 'approved'
      ? '全部审批通过，可以发布'
      : release.status === 'rejected'
        ? '已驳回，退回起草人修改'
        : `进行到「${release.chain[release.step]?.label ?? ''}」`;
  return {
    title: `信息发布审批 · ${ref}`,
    tone: decision?.decision === 'reject' || release.status === 'rejected' ? 'error' : 'ok',
    blocks: [markdown(bold(outcome)), note(`${ref} 当前：${state}`)],
  };
}
