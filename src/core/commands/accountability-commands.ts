// 迟报 and 认定: the accountability list of a period, and a finding against one of its items.
import { z } from 'zod';
import type { FindingKind } from '../read/accountability';
import { recordFinding } from '../verbs/record-finding';
import { showAccountability } from '../verbs/show-accountability';
import { after } from './args';
import { defineCommand } from './spec';

const FINDING_WORDS: Record<string, FindingKind> = {
  说明: 'explanation',
  情况说明: 'explanation',
  责任: 'responsibility',
  责任认定: 'responsibility',
  认定: 'responsibility',
  处理: 'outcome',
  处理结果: 'outcome',
};

export const lateList = defineCommand({
  name: '迟报',
  aliases: ['late', 'accountability'],
  usage: '迟报 [时段]',
  example: '迟报 本月',
  summary: '按人员和部门列出迟报、漏报、超时认领、未按时续报（默认近 30 天）',
  read: (words) => ({ period: words.slice(0, 2) }),
  args: z.object({ period: z.array(z.string()) }),
  run: (ctx, a) => ({ reply: showAccountability(ctx, a), toast: '已发送迟报台账' }),
});

export const finding = defineCommand({
  name: '认定',
  aliases: ['finding'],
  usage: '认定 <事项编号> <说明|责任|处理> <内容>',
  example: '认定 D3 责任 值班员未及时电话报告，责令作出书面检查',
  summary: '对迟报等事项记录情况说明、责任认定或处理结果（记入时间线，只增不删）',
  read: (words, rest) => ({
    ref: words[0],
    kind: words[1] !== undefined && Object.hasOwn(FINDING_WORDS, words[1]) ? FINDING_WORDS[words[1]] : words[1],
    text: after(rest, words, 2),
  }),
  args: z.object({
    ref: z
      .string({ error: '缺少事项编号（形如 D3、T5、U12，发送「迟报」可以看到）' })
      .regex(/^[DTUdtu]\d+$/, { error: (i) => `「${String(i.input)}」不是事项编号；编号形如 D3、T5、U12，发送「迟报」可以看到` }),
    kind: z.enum(['explanation', 'responsibility', 'outcome'], { error: '第二个词写「说明」「责任」或「处理」' }),
    text: z.string().trim().min(1, '缺少内容'),
  }),
  run: (ctx, a) => recordFinding(ctx, a),
});
