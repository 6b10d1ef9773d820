// The 舆情日报 and the weekly summary as a card for the command centre.
import type { Core } from '../context';
import { LEVEL_SHORT, LEVELS, withoutGrade } from '../levels';
import { ITEM_KIND_NAME, STATUS_NAME, type ItemKind } from '../names';
import type { PeriodicReport } from '../read/periodic-report';
import { fields, markdown, note, plain, type Card } from './card';
import { bold } from './markup';

const LISTED = 10;

export function buildPeriodicReportCard(core: Pick<Core, 'playbook'>, name: string, r: PeriodicReport, lateNote: string): Card {
  const level = (l: keyof typeof LEVEL_SHORT) => withoutGrade(core.playbook.levels[l].name);
  const blocks = [
    plain(`统计时段：${r.period.label}`),
    fields([
      { label: '新发事件', value: `${r.raised.length}（${LEVELS.map((l) => `${LEVEL_SHORT[l]} ${r.byLevel[l]}`).join(' · ')}）` },
      { label: '进行中', value: String(r.open.length) },
      { label: '结案', value: String(r.closed.length) },
      { label: '线索 / 监测信号', value: `${r.leads} / ${r.signals}` },
      { label: '发布稿审批通过', value: String(r.approvedReleases) },
      { label: '总结评估签发 / 待签发', value: `${r.reviewsSigned} / ${r.reviewsWaiting.length}` },
    ]),
  ];
  const list = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    blocks.push(markdown(bold(title)), plain([...lines.slice(0, LISTED), ...(lines.length > LISTED ? [`……另有 ${lines.length - LISTED} 项`] : [])].join('\n')));
  };
  list(
    '进行中的事件',
    r.open.map((i) => `${i.number} ${level(i.level)} · ${STATUS_NAME[i.status]} · ${i.title}`),
  );
  list(
    '本期新发',
    r.raised.map((i) => `${i.number} ${level(i.level)} · ${STATUS_NAME[i.status]} · ${i.title}`),
  );
  list(
    '待签发的总结评估',
    r.reviewsWaiting.map((i) => `${i.number} ${i.title}`),
  );
  if (r.lateTotal > 0)
    list('迟报与超时', [
      (Object.keys(r.late) as ItemKind[]).map((k) => `${ITEM_KIND_NAME[k]} ${r.late[k]}`).join('、'),
      ...r.lateByDepartment.map((d) => `${d.name}：${d.total}`),
    ]);
  list(
    '监测热点',
    r.topics.map((t) => `${t.title}（评分 ${t.score}${t.level ? ` · ${LEVEL_SHORT[t.level]}` : ''}）`),
  );
  list(
    '演练',
    r.drills.map((d) => `${d.number} ${d.name}${d.score === null ? '（进行中）' : `，得分 ${d.score}`}`),
  );
  blocks.push(note(`发送「迟报」查看明细，「总结 编号」查看总结评估；工作台「台账」可导出 Excel。${lateNote}`));
  return { title: `${name} · ${r.period.label}`, tone: r.open.length > 0 || r.lateTotal > 0 ? 'warn' : 'ok', blocks };
}
