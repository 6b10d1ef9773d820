// 状态 and 列表: the overview of what is open and waiting, one incident's card with its releases and
// latest activity, and the list of incidents.
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { RELEASE_STATUS_NAME, releaseRef, STATUS_NAME } from '../names';
import type { IncidentList, IncidentStatus, Overview } from '../read/overview';
import { clip } from '../text';
import { humanDuration, shortTime } from '../time';
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

/** Timeline lines and 进展 on the status card: long entries are clipped (the web workspace has them whole). */
const LINE_CHARS = 80;

export function buildIncidentStatusCard(core: CardCore, s: IncidentStatus, now: number): Card {
  const card = buildIncidentCard(core, s.view, now);
  const tz = core.timeZone;
  // What 状态 is asked for first: what is due next, who has not claimed, who must decide, what is new, who is on duty.
  // Closed: nothing is due and nobody is waited for; what was left open is on the timeline.
  const closed = s.view.incident.status === 'closed';
  const next = s.view.deadlines.find((d) => d.metAt === null);
  const facts = [
    ...(closed
      ? []
      : [
          {
            label: '下一个时限',
            value: next
              ? `${next.label} ${shortTime(next.dueAt, tz, now)}（${next.dueAt > now ? `还剩 ${humanDuration(next.dueAt - now)}` : `已超时 ${humanDuration(now - next.dueAt)}`}）`
              : '无',
          },
          { label: '待认领部门', value: s.unclaimedDepartments.length > 0 ? s.unclaimedDepartments.join('、') : '无' },
        ]),
    ...(s.pendingStep
      ? [
          {
            label: '审批',
            value: `${releaseRef(s.pendingStep.release.id)} 第${s.pendingStep.release.version}版 · ${s.pendingStep.label} · 等待 ${s.pendingStep.approvers}`,
          },
        ]
      : []),
    {
      label: '最新进展',
      value: s.latestProgress
        ? `${shortTime(s.latestProgress.createdAt, tz, now)} ${clip(s.latestProgress.text, LINE_CHARS)}`
        : '还没有（发送「进展 内容」续报）',
    },
    { label: '值班', value: s.onDuty.length > 0 ? s.onDuty.join('、') : '未排班' },
  ];
  card.blocks.push(fields(facts));
  if (s.releases.length > 0)
    card.blocks.push(markdown(md`发布稿：${s.releases.map((r) => `${releaseRef(r.id)} 第${r.version}版 ${RELEASE_STATUS_NAME[r.status]}`).join(' · ')}`));
  card.blocks.push(
    markdown(
      md`**最近动态**\n${joinMd(
        s.recent.map((t) => md`${shortTime(t.createdAt, tz, now)} ${clip(t.text, LINE_CHARS)}`),
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

/** What a guest may read: the leads they reported, without the incidents they went into (000 7.3). */
export function buildOwnReportsCard(core: CardCore, reports: { id: number; summary: string; link: string | null; createdAt: number }[], now: number): Card {
  const card = textCard(
    '我上报的线索',
    reports.length > 0
      ? reports
          .slice(0, 10)
          .map((r) => `L${r.id} ${shortTime(r.createdAt, core.timeZone, now)} ${clip(r.summary, 60)}${r.link ? ` ${r.link}` : ''}`)
          .join('\n')
      : '你还没有上报过线索。发现苗头请发送「上报 链接 摘要」。',
    'info',
  );
  card.blocks.push(note('线索已转交指挥中心处理。你还没有登记在组织名册里，看不到事件、任务和时间线；需要时请管理员为你授予角色。'));
  return card;
}
