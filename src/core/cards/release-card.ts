// The approval card of a release: the draft, where it is in its chain, and 同意 / 驳回 while a
// decision is pending. Once decided, the buttons give way to the outcome, who and when.
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { incidentById } from '../incidents/queries';
import { membersByIds } from '../org/members';
import { approverNames, decisionsOf, releaseRef, type Release } from '../releases/queries';
import { clockTime } from '../time';
import { fields, markdown, note, type Block, type Card } from './card';

export function releaseSubject(releaseId: number): string {
  return `release:${releaseId}`;
}

export function buildReleaseCard(db: DbOrTx, core: Core, release: Release): Card {
  const incident = incidentById(db, release.incidentId)!;
  const ref = releaseRef(release.id);
  const decisions = decisionsOf(db, release.id).filter((d) => d.version === release.version);
  const people = new Map(membersByIds(db, [release.authorId, ...decisions.map((d) => d.deciderId)]).map((m) => [m.id, m.name]));
  const total = release.chain.length;
  const step = release.chain[release.step];

  const blocks: Block[] = [
    fields([
      { label: '事件', value: incident.number },
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
    markdown(`**发布稿内容**\n${release.content}`),
  ];
  for (const d of decisions) {
    const who = people.get(d.deciderId) ?? '?';
    const label = release.chain[d.step]?.label ?? `第 ${d.step + 1} 步`;
    blocks.push(note(`${label}：${who} ${d.decision === 'approve' ? '同意' : '驳回'} · ${clockTime(d.createdAt, core.timeZone)}${d.reason ? ` · ${d.reason}` : ''}`));
  }
  if (release.status === 'pending' && step) {
    blocks.push(markdown(`请 ${approverNames(db, step)} 审批`));
    blocks.push({
      type: 'actions',
      buttons: [
        { label: '同意', action: 'approve', value: ref, style: 'primary', confirm: { title: `同意 ${ref}？`, text: `${step.label}：同意后${release.step + 1 < total ? '进入下一步审批' : '即可对外发布'}。` } },
        { label: '驳回', action: 'reject', value: ref, style: 'danger' },
      ],
    });
  } else if (release.status === 'approved') {
    blocks.push(markdown('**✅ 审批通过，可以发布**'));
  } else {
    blocks.push(markdown(`**❌ 已驳回**，请起草人修改后发送「发布 ${ref} 新内容」重新提交`));
  }
  return {
    title: `信息发布审批 · ${ref}`,
    tone: release.status === 'approved' ? 'ok' : release.status === 'rejected' ? 'error' : 'warn',
    blocks,
  };
}
