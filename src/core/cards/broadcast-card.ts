// The card the all-hands broadcast group (purpose `broadcast`) gets instead of the warning card
// (000 7.3: only authorised people see sensitive information): the level, what everyone is asked
// to do, who to contact. No tasks, no deadlines, no buttons, nobody @mentioned.
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { STATUS_NAME } from '../names';
import type { Incident } from '../read/incidents';
import { clockTime } from '../time';
import { fields, markdown, note, plain, type Card } from './card';
import { md } from './markup';

export interface BroadcastView {
  incident: Incident;
  /** Who to contact: the people on duty now. */
  contacts: string[];
}

export function buildBroadcastCard(core: Pick<Core, 'playbook' | 'timeZone'>, view: BroadcastView): Card {
  const { incident } = view;
  const rule = core.playbook.levels[incident.level];
  const drill = incident.isDrill ? '【演练】' : '';
  const title = `${drill}${withoutGrade(rule.name)} · ${incident.number}`;
  const blocks = [
    plain(`${drill}${incident.title}`),
    fields([
      { label: '预警级别', value: rule.name },
      { label: '状态', value: STATUS_NAME[incident.status] },
      { label: '发布', value: clockTime(incident.createdAt, core.timeZone) },
    ]),
  ];
  if (incident.status === 'closed') {
    // The summary written at 结案 is for the review, not for everyone.
    blocks.push(
      markdown(md`
**已结案**，感谢大家配合。
      `),
    );
    return { title: `【已结案】${title}`, tone: 'closed', blocks };
  }
  blocks.push(markdown(md`**请大家**：${rule.advice}`));
  blocks.push(plain(`联系人：${view.contacts.length > 0 ? `值班 ${view.contacts.join('、')}` : '指挥中心值班室'}`));
  blocks.push(note('通报群只发摘要；任务、时限和处置进展在指挥中心和各部门群。'));
  return { title, level: incident.level, blocks };
}
