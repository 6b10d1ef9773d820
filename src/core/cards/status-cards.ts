// 状态 and 列表: the overview of what is open and waiting, one incident's card with its releases and
// latest activity, and the list of incidents.
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { RELEASE_STATUS_NAME, releaseRef, STATUS_NAME } from '../names';
import type { IncidentList, IncidentStatus, Overview } from '../read/overview';
import { shortTime } from '../time';
import { fields, markdown, note, textCard, type Card } from './card';
import { bold, joinMd, md } from './markup';
import { buildIncidentCard } from './incident-card';

type CardCore = Pick<Core, 'playbook' | 'timeZone'>;

export function buildOverviewCard(core: CardCore, o: Overview, now: number): Card {
  const lines = o.open.map((i) => {
    const pending = o.unclaimed.get(i.id) ?? 0;
    return md`${bold(i.number)} ${withoutGrade(core.playbook.levels[i.level].name)} · ${STATUS_NAME[i.status]}${i.isDrill ? ' · 演练' : ''} · ${i.title}${pending > 0 ? ` · 待认领 ${pending} 项` : ''}`;
  });
  const card = textCard('舆情态势', o.open.length > 0 ? joinMd(lines, '\n') : '目前没有进行中的舆情事件。', o.open.length > 0 ? 'warn' : 'ok');
  card.blocks.push(
    fields([
      { label: '进行中事件', value: String(o.open.length) },
      { label: '未归类线索', value: String(o.unattached) },
      { label: '投递失败消息', value: String(o.dead) },
    ]),
  );
  if (o.dead > 0) card.blocks.push(note('有消息多次投递失败，请管理员在网页控制台或日志中查看原因。'));
  card.blocks.push(note(`${shortTime(now, core.timeZone)} · 发送「状态 事件编号」查看详情`));
  return card;
}

export function buildIncidentStatusCard(core: CardCore, s: IncidentStatus, now: number): Card {
  const card = buildIncidentCard(core, s.view, now);
  if (s.releases.length > 0)
    card.blocks.push(markdown(md`发布稿：${s.releases.map((r) => `${releaseRef(r.id)} 第${r.version}版 ${RELEASE_STATUS_NAME[r.status]}`).join(' · ')}`));
  card.blocks.push(
    markdown(
      md`**最近动态**\n${joinMd(
        s.recent.map((t) => md`${shortTime(t.createdAt, core.timeZone, now)} ${t.text}`),
        '\n',
      )}`,
    ),
  );
  return card;
}

export function buildIncidentListCard(core: CardCore, l: IncidentList, all: boolean, now: number): Card {
  if (l.incidents.length === 0) return textCard('事件列表', all ? '还没有任何舆情事件。' : '目前没有进行中的事件。发送「列表 全部」查看已结案的事件。', 'ok');
  const lines = l.incidents.map(
    (i) =>
      md`${bold(i.number)} ${withoutGrade(core.playbook.levels[i.level].name)} · ${STATUS_NAME[i.status]} · ${shortTime(i.createdAt, core.timeZone, now)} ${l.creators.get(i.createdBy ?? -1) ?? ''} · ${i.title}`,
  );
  return textCard(all ? '全部事件（最近 30 个）' : '进行中的事件', joinMd(lines, '\n'), 'info');
}
