// The organisation file (组织体系) as the core reads it: departments, members with roles and
// platform identities, and the groups the bot lives in.
import { z } from 'zod';
import { ALL_ROLES } from './roles';

const key = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'key 用小写英文、数字、- 或 _，例如 zhang-wei');

const role = z.enum(ALL_ROLES as [string, ...string[]], {
  error: (i) => `「${String(i.input)}」不是角色；可用角色：${ALL_ROLES.join('、')}`,
});

// Which platforms exist is the adapters' list, not the core's: the names are checked against it
// once the file has loaded (src/config/check-platforms.ts).
const platform = z.string().regex(/^[a-z][a-z0-9-]*$/, '平台名用小写英文，例如 feishu、wecom');

export const organisationSchema = z
  .object({
    name: z.string().min(1),
    departments: z.array(z.object({ key, name: z.string().min(1) }).strict()).min(1),
    members: z
      .array(
        z
          .object({
            key,
            name: z.string().min(1),
            department: key.optional(),
            roles: z.array(role).default([]),
            onDuty: z.boolean().default(false),
            /** The member's id on each platform, by platform name. */
            ids: z.record(platform, z.string().min(1)).default({}),
          })
          .strict(),
      )
      .min(1),
    groups: z.array(
      z
        .object({
          key,
          name: z.string().min(1),
          platform,
          chatId: z.string().min(1),
          purpose: z.enum(['command', 'department', 'broadcast'], {
            error: () => 'purpose 只能是 command、department 或 broadcast',
          }),
          department: key.optional(),
          extra: z.record(z.string(), z.string()).optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((org, ctx) => {
    const departments = new Set(org.departments.map((d) => d.key));
    const seen = new Set<string>();
    org.members.forEach((m, i) => {
      if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: ['members', i, 'key'], message: `成员 key「${m.key}」重复了` });
      seen.add(m.key);
      if (m.department && !departments.has(m.department))
        ctx.addIssue({ code: 'custom', path: ['members', i, 'department'], message: `没有部门「${m.department}」；先在 departments 里加上它` });
    });
    const chats = new Set<string>();
    org.groups.forEach((g, i) => {
      const id = `${g.platform}:${g.chatId}`;
      if (chats.has(id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'chatId'], message: `群 ${id} 写了两次` });
      chats.add(id);
      if (g.purpose === 'department' && !g.department)
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'department'], message: '部门群要写 department（部门 key）' });
      if (g.department && !departments.has(g.department))
        ctx.addIssue({ code: 'custom', path: ['groups', i, 'department'], message: `没有部门「${g.department}」` });
    });
    if (!org.groups.some((g) => g.purpose === 'command'))
      ctx.addIssue({ code: 'custom', path: ['groups'], message: '至少要有一个 purpose: command 的指挥中心群' });
  });

export type Organisation = z.infer<typeof organisationSchema>;
export type Platform = Organisation['groups'][number]['platform'];
