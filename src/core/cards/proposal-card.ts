// The card of a 预警建议: what the engine saw (score, its parts, the strongest signals) and, while
// it waits, 确认 / 调整级别 / 忽略. Once decided the buttons give way to the outcome, who and when.
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { incidentById } from '../read/incidents';
import { memberById } from '../read/members';
import { signalCount, topicById, topSignals, type Proposal } from '../read/signals';
import { clockTime } from '../time';
import { clip } from '../text';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { proposalRef } from '../names';

const SIGNALS_SHOWN = 3;

export function buildProposalCard(db: DbOrTx, core: Core, proposal: Proposal, now: number): Card {
  const ref = proposalRef(proposal.id);
  const topic = topicById(db, proposal.topicId)!;
  const incident = proposal.incidentId ? incidentById(db, proposal.incidentId) : undefined;
  const levels = core.playbook.levels;
  const ind = core.playbook.indicators;
  const parts = topic.indicators ?? {};
  const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)}%`;
  const blocks: Block[] = [
    plain(topic.title),
    fields([
      { label: '建议级别', value: levels[proposal.level].name },
      { label: '评分', value: `${proposal.score}（${levels[proposal.level].name.replace(/（.*）/, '')}阈值 ${ind.thresholds[proposal.level]}）` },
      { label: '事件', value: incident ? `${incident.number}（现为${levels[incident.level].name.replace(/（.*）/, '')}），确认后升级` : '新事件，确认后按预案发布' },
      { label: '信号', value: `${signalCount(db, [topic.id])} 条 · 每小时提及 ${Math.round(parts.perHour ?? 0)}` },
    ]),
    markdown(`指标：影响力 ${pct(parts.influence)} · 传播速度 ${pct(parts.speed)} · 趋势 ${pct(parts.trend)} · 负面 ${pct(parts.negativity)}`),
  ];
  const strongest = topSignals(db, [topic.id], SIGNALS_SHOWN);
  if (strongest.length > 0) blocks.push(markdown(`主要信号：\n${strongest.map((s) => `· [${s.source}](${s.link}) ${clip(s.title, 40)}`).join('\n')}`));
  if (proposal.status === 'pending') {
    blocks.push(markdown(`请${core.playbook.permissions.confirmWarning.join('或')}决定：确认后按预案发布并通知相关群。`));
    blocks.push({
      type: 'actions',
      buttons: [
        { label: '确认', action: 'confirmWarning', value: ref, style: 'primary', confirm: { title: `确认 ${ref}？`, text: `将${incident ? `把 ${incident.number} 升级为` : '发布'}${levels[proposal.level].name}并通知相关群。` } },
        { label: '调整级别', action: 'adjustWarning', value: ref },
        { label: '忽略', action: 'ignoreWarning', value: ref, style: 'danger' },
      ],
    });
  } else {
    blocks.push(markdown(outcomeLine(db, core, proposal)));
  }
  blocks.push(note(`预警引擎 · ${clockTime(proposal.createdAt, core.timeZone)} 提出 · 同一话题每个级别只建议一次`));
  return {
    title: `预警建议 · ${ref} · ${levels[proposal.level].name.replace(/（.*）/, '')}`,
    level: proposal.level,
    tone: proposal.status === 'pending' ? 'warn' : undefined,
    blocks,
  };
}

function outcomeLine(db: DbOrTx, core: Core, p: Proposal): string {
  const who = p.decidedBy ? (memberById(db, p.decidedBy)?.name ?? '?') : '';
  const when = p.decidedAt ? clockTime(p.decidedAt, core.timeZone) : '';
  switch (p.status) {
    case 'confirmed': {
      const incident = p.incidentId ? incidentById(db, p.incidentId) : undefined;
      const level = core.playbook.levels[p.decidedLevel ?? p.level].name;
      return `**✅ 已确认** · ${who} ${when} · ${incident ? `${incident.number} ` : ''}${p.decidedLevel && p.decidedLevel !== p.level ? `调整为${level}` : level}`;
    }
    case 'ignored':
      return `**已忽略** · ${who} ${when}${p.reason ? ` · ${p.reason}` : ''}`;
    default:
      // Rows superseded before reasons were recorded have none.
      return p.reason ? `**已作废** · ${p.reason}` : '**已被更高级别的建议或自动预警取代**';
  }
}
