// 迟报: the accountability list of a period as a card — counts per person and per department, then
// the items with their refs and findings, and how to record a finding.
import { FINDING_KIND_NAME, ITEM_KIND_NAME } from '../names';
import type { Accountability, Tally } from '../read/accountability';
import type { Core } from '../context';
import { humanDuration, shortTime } from '../time';
import { markdown, note, plain, textCard, type Card } from './card';
import { bold } from './markup';

const ITEMS_SHOWN = 20;

function tallyLine(t: Tally): string {
  const parts = (Object.keys(ITEM_KIND_NAME) as (keyof typeof ITEM_KIND_NAME)[])
    .filter((k) => t.counts[k] > 0)
    .map((k) => `${ITEM_KIND_NAME[k]} ${t.counts[k]}`);
  return `${t.name}${t.department ? `（${t.department}）` : ''}：${parts.join('、')}`;
}

export function buildAccountabilityCard(core: Pick<Core, 'timeZone'>, a: Accountability, now: number): Card {
  if (a.items.length === 0) return textCard(`迟报与责任追究 · ${a.period.label}`, '这段时间没有迟报、漏报、超时认领或未按时续报。', 'ok');
  const card = textCard(`迟报与责任追究 · ${a.period.label}`, `共 ${a.items.length} 项`, 'warn');
  card.blocks.push(markdown(bold('按人员')), plain(a.byPerson.map(tallyLine).join('\n')));
  card.blocks.push(markdown(bold('按部门')), plain(a.byDepartment.map(tallyLine).join('\n')));
  const lines = a.items.slice(0, ITEMS_SHOWN).map((i) => {
    const done = i.doneAt === null ? '未完成' : `${shortTime(i.doneAt, core.timeZone, now)} 完成`;
    const late = i.lateByMs > 0 ? `，迟 ${humanDuration(i.lateByMs)}` : '';
    const who = [i.person, i.department].filter(Boolean).join(' · ');
    const found = i.findings.map((f) => `\n　${FINDING_KIND_NAME[f.kind]}：${f.text}（${f.author}）`).join('');
    return `${i.ref} ${ITEM_KIND_NAME[i.kind]} · ${i.incident.number} ${i.what}：${shortTime(i.dueAt, core.timeZone, now)} 到期，${done}${late}${who ? `（${who}）` : ''}${found}`;
  });
  if (a.items.length > ITEMS_SHOWN) lines.push(`……另有 ${a.items.length - ITEMS_SHOWN} 项，见工作台「迟报」`);
  card.blocks.push(markdown(bold('明细')), plain(lines.join('\n')));
  card.blocks.push(note('记录认定：「认定 编号 说明|责任|处理 内容」，例如「认定 D3 责任 值班员未及时报告，责令书面检查」。记录只增不删。'));
  return card;
}
