// The 台账's search as a query string — ?q=停水&level=橙&from=2026-11-01&to=2026-11-30&department=宣传部&drills=1 —
// read the same way by the workspace and the admin API, with an answer in Chinese for each mistake.
import { z } from 'zod';
import type { Core } from '../core/context';
import { LEVEL_WORDS_HINT, parseLevel } from '../core/levels';
import type { ArchiveFilter } from '../core/read/archive';
import { addDays, zonedTime } from '../core/time';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期写成 YYYY-MM-DD，例如 2026-11-01')
  .refine((d) => addDays(d, 0) === d, '没有这一天');

const query = z
  .object({
    q: z.string().trim().max(100, '关键词最多 100 个字').optional(),
    level: z
      .string()
      .optional()
      .transform((w, ctx) => {
        if (!w) return undefined;
        const level = parseLevel(w);
        if (!level) ctx.addIssue({ code: 'custom', message: `「${w}」不是级别；请写 ${LEVEL_WORDS_HINT}` });
        return level;
      }),
    from: day.optional(),
    to: day.optional(),
    department: z.string().trim().max(40).optional(),
    drills: z.enum(['0', '1'], { error: 'drills 只能是 0 或 1' }).optional(),
  })
  .refine((a) => !a.from || !a.to || a.from <= a.to, { error: 'from 不能晚于 to', path: ['from'] });

export function archiveFilterFrom(
  params: Record<string, string>,
  core: Pick<Core, 'timeZone'>,
): { ok: true; filter: ArchiveFilter } | { ok: false; error: string } {
  const parsed = query.safeParse(params);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '查询'}：${i.message}`).join('；') };
  const a = parsed.data;
  return {
    ok: true,
    filter: {
      text: a.q || undefined,
      level: a.level,
      from: a.from ? zonedTime(a.from, '00:00', core.timeZone) : undefined,
      // `to` is a whole day: up to the start of the next.
      to: a.to ? zonedTime(addDays(a.to, 1), '00:00', core.timeZone) : undefined,
      department: a.department || undefined,
      drills: a.drills === '1',
    },
  };
}
