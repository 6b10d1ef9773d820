// 状态 / 列表: read-only views. Anyone may read them, including self-registered members.
import { desc, isNull, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/types';
import { leads, outbox, timeline } from '../../db/schema';
import { fields, markdown, note, textCard, type Card } from '../cards/card';
import { buildIncidentCard } from '../cards/incident-card';
import type { Core } from '../context';
import { membersByIds } from '../read/members';
import { releasesOfIncident } from '../read/releases';
import { shortTime } from '../time';
import { incidentByNumber, incidentsByStatus, openIncidents, openTaskCount, tasksOf } from '../read/incidents';
import { Refusal } from '../errors';
import { releaseRef, STATUS_NAME } from '../names';

const RELEASE_STATUS = { pending: '审批中', rejected: '已驳回', approved: '可发布' } as const;

export function incidentStatusCard(db: DbOrTx, core: Core, number: string | undefined, now: number): Card {
  if (!number) return overviewCard(db, core, now);
  const incident = incidentByNumber(db, number);
  if (!incident) throw new Refusal(`没有编号为 ${number.toUpperCase()} 的舆情事件。发送「列表」查看编号。`);
  const card = buildIncidentCard(db, core, incident, now);
  const rels = releasesOfIncident(db, incident.id);
  if (rels.length > 0) card.blocks.push(markdown(`发布稿：${rels.map((r) => `${releaseRef(r.id)} 第${r.version}版 ${RELEASE_STATUS[r.status]}`).join(' · ')}`));
  const recent = db.select().from(timeline).where(eq(timeline.incidentId, incident.id)).orderBy(desc(timeline.id)).limit(5).all().reverse();
  card.blocks.push(markdown(`**最近动态**\n${recent.map((t) => `${shortTime(t.createdAt, core.timeZone, now)} ${t.text}`).join('\n')}`));
  return card;
}

function overviewCard(db: DbOrTx, core: Core, now: number): Card {
  const open = openIncidents(db);
  const unattached = db.select({ id: leads.id }).from(leads).where(isNull(leads.incidentId)).all().length;
  const dead = db.select({ id: outbox.id }).from(outbox).where(eq(outbox.status, 'dead')).all().length;
  const lines = open.map((i) => {
    const pending = openTaskCount(tasksOf(db, i.id));
    return `**${i.number}** ${core.playbook.levels[i.level].name.replace(/（.*）/, '')} · ${STATUS_NAME[i.status]}${i.isDrill ? ' · 演练' : ''} · ${i.title}${pending > 0 ? ` · 待认领 ${pending} 项` : ''}`;
  });
  const card = textCard('舆情态势', open.length > 0 ? lines.join('\n') : '目前没有进行中的舆情事件。', open.length > 0 ? 'warn' : 'ok');
  card.blocks.push(fields([
    { label: '进行中事件', value: String(open.length) },
    { label: '未归类线索', value: String(unattached) },
    { label: '投递失败消息', value: String(dead) },
  ]));
  if (dead > 0) card.blocks.push(note('有消息多次投递失败，请管理员在网页控制台或日志中查看原因。'));
  card.blocks.push(note(`${shortTime(now, core.timeZone)} · 发送「状态 事件编号」查看详情`));
  return card;
}

export function incidentListCard(db: DbOrTx, core: Core, all: boolean, now: number): Card {
  const list = all ? incidentsByStatus(db, ['monitoring', 'responding', 'calmed', 'closed']).slice(0, 30) : openIncidents(db);
  if (list.length === 0) return textCard('事件列表', all ? '还没有任何舆情事件。' : '目前没有进行中的事件。发送「列表 全部」查看已结案的事件。', 'ok');
  const creators = new Map(membersByIds(db, list.flatMap((i) => (i.createdBy ? [i.createdBy] : []))).map((m) => [m.id, m.name]));
  const lines = list.map(
    (i) =>
      `**${i.number}** ${core.playbook.levels[i.level].name.replace(/（.*）/, '')} · ${STATUS_NAME[i.status]} · ${shortTime(i.createdAt, core.timeZone, now)} ${creators.get(i.createdBy ?? -1) ?? ''} · ${i.title}`,
  );
  return textCard(all ? '全部事件（最近 30 个）' : '进行中的事件', lines.join('\n'), 'info');
}
