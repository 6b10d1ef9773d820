// Read-only and admin commands: 状态 列表 值班 角色.
import { z } from 'zod';
import { textCard } from '../cards/card';
import { incidentListCard, incidentStatusCard } from '../incidents/overview';
import { onDutyNow } from '../org/duty';
import { setRoles } from '../org/set-roles';
import { isIncidentNumber } from './args';
import { defineCommand } from './spec';

export const status = defineCommand({
  name: '状态',
  aliases: ['status', 'st'],
  usage: '状态 [事件编号]',
  example: '状态 YQ-20261121-001',
  summary: '查看态势总览，或一个事件的任务、时限和最近动态',
  read: (words) => ({ incidentNumber: words[0] }),
  args: z.object({
    incidentNumber: z
      .string()
      .refine(isIncidentNumber, { error: (i) => `「${String(i.input)}」不是事件编号；编号形如 YQ-20261121-001` })
      .optional(),
  }),
  run: (ctx, a) => ({ reply: incidentStatusCard(ctx.tx, ctx.core, a.incidentNumber, ctx.now), toast: '已发送状态' }),
});

export const list = defineCommand({
  name: '列表',
  aliases: ['list', 'ls'],
  usage: '列表 [全部]',
  example: '列表 全部',
  summary: '列出进行中的事件（加「全部」含已结案）',
  read: (words) => ({ all: ['全部', 'all'].includes(words[0] ?? '') }),
  args: z.object({ all: z.boolean() }),
  run: (ctx, a) => ({ reply: incidentListCard(ctx.tx, ctx.core, a.all, ctx.now), toast: '已发送列表' }),
});

export const duty = defineCommand({
  name: '值班',
  aliases: ['duty', 'oncall'],
  usage: '值班',
  example: '值班',
  summary: '查看当前值班人员',
  read: () => ({}),
  args: z.object({}),
  run: (ctx) => {
    const people = onDutyNow(ctx.tx);
    const body = people.length > 0 ? people.map((m) => `${m.name}（${m.roles.join('、')}）`).join('\n') : '组织文件中还没有标记值班人员（onDuty: true）。';
    return { reply: textCard('当前值班', body, 'info'), toast: '已发送值班' };
  },
});

export const roles = defineCommand({
  name: '角色',
  aliases: ['role', 'roles'],
  usage: '角色 <成员姓名> <角色…|清除>',
  example: '角色 王小宣 监测员',
  summary: '管理员为成员授予角色（「清除」撤销授予的角色）',
  read: (words) => ({ name: words[0], roles: words.slice(1) }),
  args: z.object({ name: z.string({ error: '缺少成员姓名' }).min(1), roles: z.array(z.string()).min(1, '缺少角色，例如：监测员') }),
  run: (ctx, a) => setRoles(ctx, a.name, a.roles),
});
