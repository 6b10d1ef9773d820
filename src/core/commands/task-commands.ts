// Commands about tasks: 任务 认领 完成 转交.
import { z } from 'zod';
import { claimTask } from '../verbs/claim-task';
import { completeTask } from '../verbs/complete-task';
import { createTask } from '../verbs/create-task';
import { handoffTask } from '../verbs/handoff-task';
import { after, leadingIncident, taskRefArg, text } from './args';
import { defineCommand } from './spec';

export const task = defineCommand({
  name: '任务',
  aliases: ['task'],
  usage: '任务 [事件编号] <部门> <内容>',
  example: '任务 宣传部 准备新闻发布会材料',
  summary: '给事件追加一项部门任务',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    return { incidentNumber: r.incidentNumber, department: r.words[0], title: after(r.rest, r.words, 1) };
  },
  args: z.object({ incidentNumber: z.string().optional(), department: text('部门（例如 宣传部）'), title: text('任务内容') }),
  run: (ctx, a) => createTask(ctx, a),
});

export const claim = defineCommand({
  name: '认领',
  aliases: ['claim'],
  usage: '认领 <任务号>',
  example: '认领 T3',
  summary: '认领一项任务',
  read: (words) => ({ ref: words[0] }),
  args: z.object({ ref: taskRefArg }),
  run: (ctx, a) => claimTask(ctx, a),
});

export const done = defineCommand({
  name: '完成',
  aliases: ['done', 'finish'],
  usage: '完成 <任务号> [说明]',
  example: '完成 T3 回应口径已提交法务审核',
  summary: '标记任务完成并写下说明',
  read: (words, rest) => ({ ref: words[0], note: after(rest, words, 1) }),
  args: z.object({ ref: taskRefArg, note: z.string() }),
  run: (ctx, a) => completeTask(ctx, a),
});

export const handoff = defineCommand({
  name: '转交',
  aliases: ['handoff', 'assign'],
  usage: '转交 <任务号> <成员姓名>',
  example: '转交 T3 王小宣',
  summary: '把任务转交给别人（负责人或部门负责人可操作）',
  read: (words) => ({ ref: words[0], to: words[1] }),
  args: z.object({ ref: taskRefArg, to: text('接手人的姓名') }),
  run: (ctx, a) => handoffTask(ctx, a),
});
