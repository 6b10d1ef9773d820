// Commands about information releases: 发布 同意 驳回.
import { z } from 'zod';
import { decideRelease } from '../verbs/decide-release';
import { submitRelease } from '../verbs/submit-release';
import { after, leadingIncident, releaseRefArg, text } from './args';
import { defineCommand } from './spec';

export const release = defineCommand({
  name: '发布',
  aliases: ['release', 'draft'],
  usage: '发布 [事件编号|发布稿编号] <发布稿内容>',
  example: '发布 关于网传某地停水的情况说明：经核实，系管道检修，今晚 8 时前恢复供水。',
  summary: '提交对外发布稿，按预案逐级审批；被驳回后用「发布 A12 新内容」提交新版本',
  read: (words, rest) => {
    if (/^[Aa]\d+$/.test(words[0] ?? '')) return { releaseRef: words[0], content: after(rest, words, 1) };
    const r = leadingIncident(words, rest);
    return { incidentNumber: r.incidentNumber, content: r.rest };
  },
  args: z.object({ incidentNumber: z.string().optional(), releaseRef: z.string().optional(), content: text('发布稿内容') }),
  run: (ctx, a) => submitRelease(ctx, a),
});

export const approve = defineCommand({
  name: '同意',
  aliases: ['approve', 'ok'],
  usage: '同意 <发布稿编号> [意见]',
  example: '同意 A12',
  summary: '同意当前审批步骤（须是这一步的审批人）',
  read: (words, rest) => ({ ref: words[0], reason: after(rest, words, 1) }),
  args: z.object({ ref: releaseRefArg, reason: z.string() }),
  run: (ctx, a) => decideRelease(ctx, { ref: a.ref, decision: 'approve', reason: a.reason }),
});

export const reject = defineCommand({
  name: '驳回',
  aliases: ['reject'],
  usage: '驳回 <发布稿编号> <理由>',
  example: '驳回 A12 事实表述需法务再核',
  summary: '驳回并退回起草人（必须写理由）',
  read: (words, rest) => ({ ref: words[0], reason: after(rest, words, 1) }),
  args: z.object({ ref: releaseRefArg, reason: z.string() }),
  run: (ctx, a) => decideRelease(ctx, { ref: a.ref, decision: 'reject', reason: a.reason }),
});
