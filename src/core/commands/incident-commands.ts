// Commands about incidents: 预警 升级 降级 进展 平息 结案 上报.
import { z } from 'zod';
import { Refusal } from '../errors';
import { calmIncident } from '../verbs/calm-incident';
import { changeLevel } from '../verbs/change-level';
import { closeIncident } from '../verbs/close-incident';
import { listDeadlines } from '../verbs/list-deadlines';
import { meetDeadline } from '../verbs/meet-deadline';
import { postProgress } from '../verbs/post-progress';
import { raiseWarning } from '../verbs/raise-warning';
import { reportLead } from '../verbs/report-lead';
import { after, leadingIncident, level, text } from './args';
import { defineCommand } from './spec';

const DRILL_WORDS = ['演练', 'drill', '【演练】'];

export const warn = defineCommand({
  name: '预警',
  aliases: ['warn', 'alert'],
  usage: '预警 <级别> <描述> [链接] [演练]',
  example: '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123',
  summary: '发布预警：建事件、按预案派任务、通知相关群',
  read: (words, rest) => {
    const isDrill = words.some((w) => DRILL_WORDS.includes(w.toLowerCase()));
    const description = after(rest, words, 1)
      .split(/\s+/)
      .filter((w) => !DRILL_WORDS.includes(w.toLowerCase()))
      .join(' ');
    return { level: words[0], description, isDrill };
  },
  args: z.object({ level, description: text('事件描述（发生了什么、在哪里传播）'), isDrill: z.boolean() }),
  run: (ctx, a) => {
    const { toast } = raiseWarning(ctx, a);
    return { reply: null, toast };
  },
});

function levelCommand(direction: 'up' | 'down') {
  const name = direction === 'up' ? '升级' : '降级';
  return defineCommand({
    name,
    aliases: [direction === 'up' ? 'escalate' : 'deescalate', direction === 'up' ? 'up' : 'down'],
    usage: `${name} [事件编号] [级别]`,
    example: `${name} YQ-20261121-001 ${direction === 'up' ? '红' : '黄'}`,
    summary: `${direction === 'up' ? '提高' : '降低'}事件预警级别（不写级别则${direction === 'up' ? '升' : '降'}一级）`,
    read: (words, rest) => {
      const r = leadingIncident(words, rest);
      return { incidentNumber: r.incidentNumber, level: r.words[0] };
    },
    args: z.object({ incidentNumber: z.string().optional(), level: level.optional() }),
    run: (ctx, a) => changeLevel(ctx, { direction, ...a }),
  });
}

export const escalate = levelCommand('up');
export const deescalate = levelCommand('down');

export const level_ = defineCommand({
  name: '级别',
  aliases: ['level'],
  usage: '级别 [事件编号] <级别>',
  example: '级别 YQ-20261121-001 橙',
  summary: '把事件调整到指定级别（自动判断升级或降级）',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    return { incidentNumber: r.incidentNumber, level: r.words[0] };
  },
  args: z.object({ incidentNumber: z.string().optional(), level }),
  run: (ctx, a) => changeLevel(ctx, { direction: 'auto', ...a }),
});

export const progress = defineCommand({
  name: '进展',
  aliases: ['update', 'progress'],
  usage: '进展 [事件编号] <内容>',
  example: '进展 已联系当事人，正在核实视频拍摄时间',
  summary: '续报处置进展，记入时间线并同步指挥中心',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    return { incidentNumber: r.incidentNumber, text: r.rest };
  },
  args: z.object({ incidentNumber: z.string().optional(), text: text('进展内容') }),
  run: (ctx, a) => postProgress(ctx, a),
});

export const calm = defineCommand({
  name: '平息',
  aliases: ['calm'],
  usage: '平息 [事件编号]',
  example: '平息 YQ-20261121-001',
  summary: '标记事件已平息（继续跟踪，之后结案）',
  read: (words, rest) => leadingIncident(words, rest),
  args: z.object({ incidentNumber: z.string().optional() }),
  run: (ctx, a) => calmIncident(ctx, a),
});

const CONFIRM_WORDS = ['确认', 'confirm'];

export const resolve = defineCommand({
  name: '结案',
  aliases: ['resolve', 'close'],
  usage: '结案 [事件编号] [确认] [总结或理由]',
  example: '结案 YQ-20261121-001 已发布情况说明，舆情平稳',
  summary: '结案并写下总结；还有未完成的任务或时限时，用「结案 编号 确认 理由」确认',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    const confirmed = CONFIRM_WORDS.includes((r.words[0] ?? '').toLowerCase());
    return { incidentNumber: r.incidentNumber, confirmed, summary: confirmed ? after(r.rest, r.words, 1) : r.rest };
  },
  args: z.object({ incidentNumber: z.string().optional(), confirmed: z.boolean(), summary: z.string() }),
  run: (ctx, a) => closeIncident(ctx, a),
});

export const report = defineCommand({
  name: '上报',
  guests: true,
  aliases: ['report', 'lead'],
  usage: '上报 [事件编号] <链接> <摘要>',
  example: '上报 https://weibo.com/123 网传某地停水三天',
  summary: '上报线索（任何人都可以）',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    return { incidentNumber: r.incidentNumber, text: r.rest };
  },
  args: z.object({ incidentNumber: z.string().optional(), text: text('线索的链接和摘要') }),
  run: (ctx, a) => reportLead(ctx, a),
});

export const deadlineCommand = defineCommand({
  name: '时限',
  aliases: ['deadline', 'deadlines'],
  usage: '时限 [事件编号] [名称 完成 [说明]]',
  example: '时限 电话报告上级 完成 已向区委宣传部电话报告',
  summary: '查看响应时限，或标记一项已完成（迟了会记入迟报台账）',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    const doneAt = r.words.findIndex((w) => w === '完成' || w === 'done');
    return doneAt < 0
      ? { incidentNumber: r.incidentNumber, name: r.words[0], done: false, note: '' }
      : { incidentNumber: r.incidentNumber, name: r.words.slice(0, doneAt).join(' '), done: true, note: after(r.rest, r.words, doneAt + 1) };
  },
  args: z
    .object({ incidentNumber: z.string().optional(), name: z.string().optional(), done: z.boolean(), note: z.string() })
    .refine((a) => !a.done || (a.name ?? '').length > 0, { error: '请写要完成的时限名称，例如：时限 电话报告上级 完成' }),
  run: (ctx, a) => {
    if (!a.done) {
      if (a.name) throw new Refusal(`要标记完成请写「时限 ${a.name} 完成」；只查看请发「时限」。`);
      return { reply: listDeadlines(ctx, a), toast: '已发送时限' };
    }
    return meetDeadline(ctx, { incidentNumber: a.incidentNumber, name: a.name!, note: a.note });
  },
});
