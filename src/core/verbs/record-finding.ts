// 认定 <编号> 说明|责任|处理 <内容>: a leader records a finding against an accountability item —
// an explanation, the responsibility established, or the outcome (002 七(二): 批评教育、通报批评、
// 诫勉谈话…). It goes on the incident's timeline; a later finding stands beside the earlier.
import { findings } from '../../db/schema';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { accountabilityItem, FINDING_KIND_NAME, ITEM_KIND_NAME, type FindingKind } from '../read/accountability';
import { requirePermission } from '../read/permissions';
import { clip } from '../text';
import { appendTimeline } from '../write/timeline';

export function recordFinding(ctx: VerbContext, input: { ref: string; kind: FindingKind; text: string }): { reply: string; toast: string } {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'finding');
  const item = accountabilityItem(tx, input.ref, now);
  if (!item)
    throw new Refusal(
      `「${input.ref.toUpperCase()}」不是迟报、漏报、超时认领或未按时续报的事项。发送「迟报」查看事项编号（形如 D3、T5、U12）。`,
      `没有事项 ${input.ref.toUpperCase()}`,
    );
  const text = clip(input.text.trim(), 1000);
  tx.insert(findings).values({ incidentId: item.incident.id, itemKey: item.key, kind: input.kind, text, authorId: actor.member.id, createdAt: now }).run();
  const kindName = FINDING_KIND_NAME[input.kind];
  appendTimeline(ctx, {
    incidentId: item.incident.id,
    kind: 'finding_recorded',
    text: `${actor.member.name} 就 ${item.ref}（${ITEM_KIND_NAME[item.kind]}：${item.what}）记录${kindName}：${text}`,
    data: { item: item.key, kind: input.kind },
  });
  return { reply: `已记录 ${item.ref}（${item.incident.number} ${item.what}）的${kindName}，记入时间线。`, toast: `已记录${kindName}` };
}
