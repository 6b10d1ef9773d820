// Commands about the warning engine's proposals (预警建议): 确认预警 调整预警 忽略预警. The buttons
// on a proposal card run the same commands (see cards/text-fallback.ts).
import { z } from 'zod';
import { decideProposal } from '../verbs/decide-proposal';
import { after, level } from './args';
import { defineCommand } from './spec';

const proposalRefArg = z
  .string({ error: '缺少建议编号（形如 P3）' })
  .regex(/^[Pp]\d+$/, { error: (i) => `「${String(i.input)}」不是建议编号；编号形如 P3，在「预警建议」卡片上可以看到` });

export const confirmWarning = defineCommand({
  name: '确认预警',
  aliases: ['confirm'],
  usage: '确认预警 <建议编号>',
  example: '确认预警 P3',
  summary: '确认预警引擎的建议，按建议级别发布或升级（总指挥、副总指挥）',
  read: (words) => ({ ref: words[0] }),
  args: z.object({ ref: proposalRefArg }),
  run: (ctx, a) => decideProposal(ctx, { ref: a.ref, decision: 'confirm' }),
});

export const adjustWarning = defineCommand({
  name: '调整预警',
  aliases: ['adjust'],
  usage: '调整预警 <建议编号> [级别]',
  example: '调整预警 P3 红',
  summary: '按另一个级别确认预警建议（不写级别则列出可选级别）',
  read: (words) => ({ ref: words[0], level: words[1] }),
  args: z.object({ ref: proposalRefArg, level: level.optional() }),
  run: (ctx, a) => decideProposal(ctx, { ref: a.ref, decision: 'adjust', level: a.level }),
});

export const ignoreWarning = defineCommand({
  name: '忽略预警',
  aliases: ['ignore', 'dismiss'],
  usage: '忽略预警 <建议编号> [理由]',
  example: '忽略预警 P3 已核实为旧闻',
  summary: '不采纳预警建议（同一级别不会再建议）',
  read: (words, rest) => ({ ref: words[0], reason: after(rest, words, 1) }),
  args: z.object({ ref: proposalRefArg, reason: z.string() }),
  run: (ctx, a) => decideProposal(ctx, { ref: a.ref, decision: 'ignore', reason: a.reason }),
});
