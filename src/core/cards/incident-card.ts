// The warning card of an incident: what happened, the level and its response, every task with
// its 认领 button, and the deadlines. Rebuilt whenever any of that changes (write/refresh-incident.ts).
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { STATUS_NAME, taskRef } from '../names';
import type { IncidentView } from '../read/incident-view';
import { percent } from '../text';
import { clockTime, humanDuration, shortTime } from '../time';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { bold, joinMd, link, md, type Md } from './markup';

export function buildIncidentCard(core: Pick<Core, 'playbook' | 'timeZone'>, view: IncidentView, now: number): Card {
  const { incident, tasks, owners, links } = view;
  const rule = core.playbook.levels[incident.level];
  const tz = core.timeZone;
  const drill = incident.isDrill ? '【演练】' : '';

  const blocks: Block[] = [
    plain(`${drill}${incident.title}`),
    fields([
      { label: '事件编号', value: incident.number },
      { label: '预警级别', value: rule.name },
      { label: '状态', value: STATUS_NAME[incident.status] },
      { label: '发布', value: `${clockTime(incident.createdAt, tz)}${view.creator ? ` · ${view.creator}` : ''}` },
    ]),
  ];
  if (view.signals) blocks.push(signalBlock(view.signals));
  if (links.rows.length > 0)
    blocks.push(
      markdown(
        md`线索：${joinMd(
          links.rows.map((l) => link(l.source, l.link ?? '')),
          ' · ',
        )}${links.total > links.rows.length ? md` 等 ${links.total} 条` : ''}`,
      ),
    );
  if (incident.status === 'closed') {
    blocks.push(markdown(md`**已结案**${incident.summary ? md`：${incident.summary}` : ''}`));
  } else {
    blocks.push(markdown(md`响应要求：${rule.response}`));
    if (view.meeting) blocks.push(markdown(meetingLine(view.meeting, tz, now)));
  }

  if (tasks.length > 0) {
    blocks.push({ type: 'divider' });
    for (const t of tasks) {
      const dept = t.departmentKey ? `${view.departments.get(t.departmentKey) ?? t.departmentKey} · ` : '';
      // Closed, an open task asks nobody to claim it any more (its claim time is history).
      const state =
        t.status === 'open'
          ? incident.status === 'closed'
            ? '未认领（已结案）'
            : `待认领${t.claimDueAt ? `（${shortTime(t.claimDueAt, tz, now)} 前）` : ''}`
          : t.status === 'claimed'
            ? `${owners.get(t.ownerId!) ?? '?'} 已认领`
            : `已完成 · ${owners.get(t.ownerId!) ?? '?'}${t.doneNote ? `：${t.doneNote}` : ''}`;
      blocks.push(markdown(md`${bold(taskRef(t.id))} ${dept}${t.title} — ${state}`));
      if (t.status === 'open' && incident.status !== 'closed') {
        blocks.push({ type: 'actions', buttons: [{ label: '认领', action: 'claim', value: taskRef(t.id), style: 'primary' }] });
      }
    }
  }

  if (view.deadlines.length > 0 && incident.status !== 'closed') {
    blocks.push({ type: 'divider' });
    blocks.push(markdown(md`时限：${view.deadlines.map((d) => `${d.label} ${d.metAt ? '✓' : `${shortTime(d.dueAt, tz, now)} 前`}`).join(' · ')}`));
  }

  const open = tasks.filter((t) => t.status === 'open').length;
  blocks.push(
    note(
      `${withoutGrade(rule.name)} · ${clockTime(incident.createdAt, tz)} 发布 · ${STATUS_NAME[incident.status]}` +
        (incident.status === 'closed' ? '' : open > 0 ? ` · 待认领 ${open} 项` : tasks.length > 0 ? ' · 任务已全部认领' : ''),
    ),
  );

  const title = `${drill}${withoutGrade(rule.name)} · ${incident.number}`;
  // Closed: grey, no level colour, no buttons — it no longer asks anything of anyone.
  if (incident.status === 'closed') return { title: `【已结案】${title}`, tone: 'closed', blocks };
  return { title, level: incident.level, blocks };
}

/** 应急会议 14:30（还有 25 分钟）· 指挥中心会议室 · 参会 8 人 */
export function meetingLine(meeting: NonNullable<IncidentView['meeting']>, tz: string, now: number): Md {
  const left = meeting.startsAt > now ? `（还有 ${humanDuration(meeting.startsAt - now)}）` : '';
  return md`${bold(meeting.title)}：${shortTime(meeting.startsAt, tz, now)}${left} · ${meeting.place ?? '地点待定（「会议 地点 …」）'} · 参会 ${String(meeting.attendees.length)} 人`;
}

/** 自动预警: says the warning engine raised it, the score and its parts, and how many signals. */
function signalBlock(signals: NonNullable<IncidentView['signals']>): Block {
  const latest = signals.latest;
  if (!latest)
    return markdown(md`
**自动预警**：由监测信号触发
    `);
  const parts = latest.indicators;
  const detail = parts
    ? `（影响力 ${percent(parts.influence)} · 传播速度 ${percent(parts.speed)} · 趋势 ${percent(parts.trend)} · 负面 ${percent(parts.negativity)}，每小时提及 ${Math.round(parts.perHour ?? 0)}）`
    : '';
  return markdown(md`**自动预警**：由监测信号触发，信号 ${signals.count} 条，当前评分 ${latest.score}${detail}`);
}
