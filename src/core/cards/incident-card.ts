// The warning card of an incident: what happened, the level and its response, every task with
// its 认领 button, and the deadlines. Rebuilt from the database whenever any of that changes.
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { signalCount, topicsOfIncident } from '../read/signals';
import { deadlinesOf, linkedLeads, openTaskCount, tasksOf, type Incident } from '../read/incidents';
import { departmentNames } from '../read/groups';
import { memberById, membersByIds } from '../read/members';
import { clockTime, shortTime } from '../time';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { STATUS_NAME, taskRef } from '../names';

const LINKS_SHOWN = 5;

export function buildIncidentCard(db: DbOrTx, core: Core, incident: Incident, now: number): Card {
  const rule = core.playbook.levels[incident.level];
  const tz = core.timeZone;
  const tasks = tasksOf(db, incident.id);
  const owners = new Map(membersByIds(db, tasks.flatMap((t) => (t.ownerId ? [t.ownerId] : []))).map((m) => [m.id, m.name]));
  const depts = departmentNames(db);
  const creator = incident.createdBy ? memberById(db, incident.createdBy)?.name : undefined;
  const drill = incident.isDrill ? '【演练】' : '';

  const blocks: Block[] = [
    plain(`${drill}${incident.title}`),
    fields([
      { label: '事件编号', value: incident.number },
      { label: '预警级别', value: rule.name },
      { label: '状态', value: STATUS_NAME[incident.status] },
      { label: '发布', value: `${clockTime(incident.createdAt, tz)}${creator ? ` · ${creator}` : ''}` },
    ]),
  ];
  if (incident.raisedBy === 'signals') blocks.push(...signalBlocks(db, incident));
  // A signal burst can attach thousands of leads: the card names the first few and counts the rest.
  const links = linkedLeads(db, incident.id, LINKS_SHOWN);
  if (links.rows.length > 0)
    blocks.push(markdown(`线索：${links.rows.map((l) => `[${l.source}](${l.link})`).join(' · ')}${links.total > links.rows.length ? ` 等 ${links.total} 条` : ''}`));
  if (incident.status === 'closed') {
    blocks.push(markdown(`**已结案**${incident.summary ? `：${incident.summary}` : ''}`));
  } else {
    blocks.push(markdown(`响应要求：${rule.response}`));
  }

  if (tasks.length > 0) {
    blocks.push({ type: 'divider' });
    for (const t of tasks) {
      const dept = t.departmentKey ? `${depts.get(t.departmentKey) ?? t.departmentKey} · ` : '';
      const state =
        t.status === 'open'
          ? `待认领${t.claimDueAt ? `（${shortTime(t.claimDueAt, tz, now)} 前）` : ''}`
          : t.status === 'claimed'
            ? `${owners.get(t.ownerId!) ?? '?'} 已认领`
            : `已完成 · ${owners.get(t.ownerId!) ?? '?'}${t.doneNote ? `：${t.doneNote}` : ''}`;
      blocks.push(markdown(`**${taskRef(t.id)}** ${dept}${t.title} — ${state}`));
      if (t.status === 'open' && incident.status !== 'closed') {
        blocks.push({ type: 'actions', buttons: [{ label: '认领', action: 'claim', value: taskRef(t.id), style: 'primary' }] });
      }
    }
  }

  const due = deadlinesOf(db, incident.id);
  if (due.length > 0 && incident.status !== 'closed') {
    blocks.push({ type: 'divider' });
    blocks.push(
      markdown(
        `时限：${due.map((d) => `${d.label} ${d.metAt ? '✓' : `${shortTime(d.dueAt, tz, now)} 前`}`).join(' · ')}`,
      ),
    );
  }

  const open = openTaskCount(tasks);
  blocks.push(
    note(
      `${rule.name.replace(/（.*）/, '')} · ${clockTime(incident.createdAt, tz)} 发布 · ${STATUS_NAME[incident.status]}` +
        (open > 0 ? ` · 待认领 ${open} 项` : tasks.length > 0 ? ' · 任务已全部认领' : ''),
    ),
  );

  return { title: `${drill}${rule.name.replace(/（.*）/, '')} · ${incident.number}`, level: incident.level, blocks };
}

/** 自动预警: says the warning engine raised it, the score and its parts, and how many signals. */
function signalBlocks(db: DbOrTx, incident: Incident): Block[] {
  const topics = topicsOfIncident(db, incident.id);
  const latest = topics[0];
  if (!latest) return [markdown('**自动预警**：由监测信号触发')];
  const parts = latest.indicators;
  const detail = parts
    ? `（影响力 ${percent(parts.influence)} · 传播速度 ${percent(parts.speed)} · 趋势 ${percent(parts.trend)} · 负面 ${percent(parts.negativity)}，每小时提及 ${Math.round(parts.perHour ?? 0)}）`
    : '';
  return [markdown(`**自动预警**：由监测信号触发，信号 ${signalCount(db, topics.map((t) => t.id))} 条，当前评分 ${latest.score}${detail}`)];
}

function percent(x: number | undefined): string {
  return `${Math.round((x ?? 0) * 100)}%`;
}
