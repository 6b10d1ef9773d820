// The card of a 预警建议: what the engine saw (score, its parts, the strongest signals) and, while
// it waits, 确认 / 调整级别 / 忽略. Once decided the buttons give way to the outcome, who and when.
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { proposalRef } from '../names';
import type { ProposalView } from '../read/proposal-view';
import { clip, percent } from '../text';
import { clockTime } from '../time';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { joinMd, link, md, type Md } from './markup';

export function buildProposalCard(core: Pick<Core, 'playbook' | 'timeZone'>, view: ProposalView): Card {
  const { proposal, topic, incident } = view;
  const ref = proposalRef(proposal.id);
  const levels = core.playbook.levels;
  const ind = core.playbook.indicators;
  const parts = topic.indicators ?? {};
  const blocks: Block[] = [
    plain(topic.title),
    fields([
      { label: '建议级别', value: levels[proposal.level].name },
      { label: '评分', value: `${proposal.score}（${withoutGrade(levels[proposal.level].name)}阈值 ${ind.thresholds[proposal.level]}）` },
      { label: '事件', value: incident ? `${incident.number}（现为${withoutGrade(levels[incident.level].name)}），确认后升级` : '新事件，确认后按预案发布' },
      { label: '信号', value: `${view.signalCount} 条 · 每小时提及 ${Math.round(parts.perHour ?? 0)}` },
    ]),
    markdown(
      md`指标：影响力 ${percent(parts.influence)} · 传播速度 ${percent(parts.speed)} · 趋势 ${percent(parts.trend)} · 负面 ${percent(parts.negativity)}`,
    ),
  ];
  if (view.strongest.length > 0)
    blocks.push(
      markdown(
        md`主要信号：\n${joinMd(
          view.strongest.map((s) => md`· ${link(s.source, s.link)} ${clip(s.title, 40)}`),
          '\n',
        )}`,
      ),
    );
  if (proposal.status === 'pending') {
    blocks.push(markdown(md`请${core.playbook.permissions.confirmWarning.join('或')}决定：确认后按预案发布并通知相关群。`));
    blocks.push({
      type: 'actions',
      buttons: [
        {
          label: '确认',
          action: 'confirmWarning',
          value: ref,
          style: 'primary',
          confirm: { title: `确认 ${ref}？`, text: `将${incident ? `把 ${incident.number} 升级为` : '发布'}${levels[proposal.level].name}并通知相关群。` },
        },
        { label: '调整级别', action: 'adjustWarning', value: ref },
        { label: '忽略', action: 'ignoreWarning', value: ref, style: 'danger' },
      ],
    });
  } else {
    blocks.push(markdown(outcomeLine(core, view)));
  }
  blocks.push(note(`预警引擎 · ${clockTime(proposal.createdAt, core.timeZone)} 提出 · 同一话题每个级别只建议一次`));
  return {
    title: `预警建议 · ${ref} · ${withoutGrade(levels[proposal.level].name)}`,
    level: proposal.level,
    tone: proposal.status === 'pending' ? 'warn' : undefined,
    blocks,
  };
}

function outcomeLine(core: Pick<Core, 'playbook' | 'timeZone'>, { proposal: p, incident, decidedBy: who }: ProposalView): Md {
  const when = p.decidedAt ? clockTime(p.decidedAt, core.timeZone) : '';
  switch (p.status) {
    case 'confirmed': {
      const level = core.playbook.levels[p.decidedLevel ?? p.level].name;
      return md`**✅ 已确认** · ${who} ${when} · ${incident ? `${incident.number} ` : ''}${p.decidedLevel && p.decidedLevel !== p.level ? `调整为${level}` : level}`;
    }
    case 'ignored':
      return md`**已忽略** · ${who} ${when}${p.reason ? ` · ${p.reason}` : ''}`;
    default:
      // Rows superseded before reasons were recorded have none.
      return p.reason
        ? md`**已作废** · ${p.reason}`
        : md`
**已被更高级别的建议或自动预警取代**
          `;
  }
}
