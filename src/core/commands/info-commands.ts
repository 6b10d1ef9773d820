// Read-only and admin commands: 状态 列表 值班 角色 我是谁.
import { z } from 'zod';
import { coverDuty } from '../verbs/cover-duty';
import { listIncidents } from '../verbs/list-incidents';
import { setDuty } from '../verbs/set-duty';
import { setRoles } from '../verbs/set-roles';
import { showDuty } from '../verbs/show-duty';
import { showIdentity } from '../verbs/show-identity';
import { showStatus } from '../verbs/show-status';
import { swapDuty } from '../verbs/swap-duty';
import { isIncidentNumber } from './args';
import { defineCommand } from './spec';

export const status = defineCommand({
  name: '状态',
  guests: true,
  aliases: ['status', 'st'],
  usage: '状态 [事件编号]',
  example: '状态 YQ-20261121-001',
  summary: '查看态势总览，或一个事件的时限、待认领、审批、进展和值班（访客只看到自己上报的线索）',
  read: (words) => ({ incidentNumber: words[0] }),
  args: z.object({
    incidentNumber: z
      .string()
      .refine(isIncidentNumber, { error: (i) => `「${String(i.input)}」不是事件编号；编号形如 YQ-20261121-001` })
      .optional(),
  }),
  run: (ctx, a) => {
    const { card, privately } = showStatus(ctx, a);
    return { reply: card, toast: '已发送状态', privately };
  },
});

export const list = defineCommand({
  name: '列表',
  guests: true,
  aliases: ['list', 'ls'],
  usage: '列表 [全部]',
  example: '列表 全部',
  summary: '列出进行中的事件（加「全部」含已结案）',
  read: (words) => ({ all: ['全部', 'all'].includes(words[0] ?? '') }),
  args: z.object({ all: z.boolean() }),
  run: (ctx, a) => {
    const { card, privately } = listIncidents(ctx, a);
    return { reply: card, toast: '已发送列表', privately };
  },
});

export const whoAmI = defineCommand({
  name: '我是谁',
  guests: true,
  aliases: ['whoami'],
  usage: '我是谁',
  example: '我是谁',
  summary: '查看机器人认出的你、你在本平台的 id（管理员还能看到本群的 id 和组织文件写法）',
  read: () => ({}),
  args: z.object({}),
  // Their own id (and, for an admin, the chat's): nobody else in the group needs to read it.
  run: (ctx) => ({ reply: showIdentity(ctx, {}), toast: '已发送', privately: true }),
});

export const duty = defineCommand({
  name: '值班',
  aliases: ['duty', 'oncall'],
  usage: '值班 [今天|明天|本周|日期]',
  example: '值班 明天',
  summary: '查看值班：现在和下一班，或某天、本周的值班表',
  read: (words) => ({ when: words[0] }),
  args: z.object({ when: z.string().optional() }),
  run: (ctx, a) => ({ reply: showDuty(ctx, a), toast: '已发送值班' }),
});

export const setDutyCommand = defineCommand({
  name: '排班',
  aliases: ['schedule'],
  usage: '排班 <日期> <班次> <值班角色> <成员>',
  example: '排班 明天 白班 值班员 王小宣',
  summary: '指定某天某班次的值班人员',
  read: (words) => ({ day: words[0], shift: words[1], role: words[2], member: words[3] }),
  args: z.object({
    day: z.string({ error: '缺少日期（今天、明天或 11-23）' }),
    shift: z.string({ error: '缺少班次（例如 白班）' }),
    role: z.string({ error: '缺少值班角色（例如 值班员）' }),
    member: z.string({ error: '缺少成员姓名' }),
  }),
  run: (ctx, a) => setDuty(ctx, a),
});

export const swapDutyCommand = defineCommand({
  name: '换班',
  aliases: ['swap'],
  usage: '换班 <成员A> <成员B> [日期]',
  example: '换班 郑监测 王小宣 明天',
  summary: '两人互换某天的班（两人都会收到通知）',
  read: (words) => ({ a: words[0], b: words[1], day: words[2] }),
  args: z.object({ a: z.string({ error: '缺少第一个成员' }), b: z.string({ error: '缺少第二个成员' }), day: z.string().optional() }),
  run: (ctx, a) => swapDuty(ctx, a),
});

export const coverDutyCommand = defineCommand({
  name: '代班',
  aliases: ['cover'],
  usage: '代班 <成员> [日期]',
  example: '代班 王小宣 明天',
  summary: '替某人值他某天的班',
  read: (words) => ({ member: words[0], day: words[1] }),
  args: z.object({ member: z.string({ error: '缺少要代替的成员' }), day: z.string().optional() }),
  run: (ctx, a) => coverDuty(ctx, a),
});

export const roles = defineCommand({
  name: '角色',
  aliases: ['role', 'roles'],
  usage: '角色 <成员姓名> <角色…|清除>',
  example: '角色 王小宣 监测员',
  summary: '管理员为成员授予角色（「清除」撤销授予的角色）',
  read: (words) => ({ name: words[0], roles: words.slice(1) }),
  args: z.object({ name: z.string({ error: '缺少成员姓名' }).min(1), roles: z.array(z.string()).min(1, '缺少角色，例如：监测员') }),
  run: (ctx, a) => setRoles(ctx, a),
});
