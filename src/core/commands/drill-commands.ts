// 演练: list the scenarios and running drills, start one from a scenario, or end one now.
import { z } from 'zod';
import { endDrill } from '../verbs/end-drill';
import { listDrills } from '../verbs/list-drills';
import { startDrill } from '../verbs/start-drill';
import { isIncidentNumber } from './args';
import { defineCommand } from './spec';

const END_WORDS = ['结束', 'end', 'stop'];
const START_WORDS = ['开始', 'start'];

export const drill = defineCommand({
  name: '演练',
  aliases: ['drill'],
  usage: '演练 [剧本 | 结束 [事件编号]]',
  example: '演练 water-rumour',
  summary: '按预案剧本开始演练（消息都标【演练】，不加急、不发通报群），或提前结束并评分',
  read: (words) => {
    const [first, second] = words;
    if (first === undefined) return { action: 'list' };
    if (END_WORDS.includes(first.toLowerCase())) return { action: 'end', incidentNumber: second };
    if (START_WORDS.includes(first.toLowerCase())) return { action: 'start', scenario: second };
    return { action: 'start', scenario: first };
  },
  args: z
    .object({
      action: z.enum(['list', 'start', 'end']),
      scenario: z.string().optional(),
      incidentNumber: z
        .string()
        .refine(isIncidentNumber, { error: (i) => `「${String(i.input)}」不是事件编号；编号形如 YQ-20261121-001` })
        .optional(),
    })
    .refine((a) => a.action !== 'start' || a.scenario, { error: '请写剧本的 key，例如「演练 water-rumour」；发送「演练」查看剧本' }),
  run: (ctx, a) => {
    if (a.action === 'list') return { reply: listDrills(ctx, {}), toast: '已发送演练剧本' };
    if (a.action === 'end') return endDrill(ctx, { incidentNumber: a.incidentNumber });
    return startDrill(ctx, { scenario: a.scenario! });
  },
});
