// The playbook's sections for what comes after an incident and before the next: the review and
// closing (002 四(六)), drill scenarios (000 6.2–6.3, 003 六) and the periodic reports. Each has
// defaults, so a playbook without them still parses; src/core/playbook/schema.ts adds them.
import '../zod-locale';
import { validateDetailed } from 'node-cron';
import { z } from 'zod';
import { LEVELS } from '../levels';

const levelName = z.enum(LEVELS, { error: (i) => `「${String(i.input)}」不是级别；可用：${LEVELS.join('、')}` });
const wholeMinutes = (hint: string) => z.number({ error: hint }).int(hint).nonnegative(hint);
const positiveMinutes = z.number({ error: '用正整数分钟表示，例如 120' }).int('用正整数分钟表示，例如 120').positive('用正整数分钟表示，例如 120');
const key = z.string().regex(/^[a-z0-9_-]+$/, 'key 用小写英文、数字、- 或 _，例如 water-rumour');
const httpLink = z.url({ protocol: /^https?$/, error: '链接要以 http:// 或 https:// 开头' });

/** 总结评估 and 结案: which levels wait for a signed review, and the watch between 平息 and 结案. */
export const reviewSection = z
  .object({
    /** Incidents of these levels are marked 已结案 only once the commander has signed their review. */
    requiredFor: z.array(levelName).default(['red', 'orange']),
    /** Minutes an incident stays 已平息 and watched (002 四(六)1) before 结案; 0 lets it close at once. */
    observeMinutes: z
      .object({
        red: wholeMinutes('观察期用分钟表示，0 表示平息后即可结案').default(1440),
        orange: wholeMinutes('观察期用分钟表示，0 表示平息后即可结案').default(720),
        yellow: wholeMinutes('观察期用分钟表示，0 表示平息后即可结案').default(0),
        blue: wholeMinutes('观察期用分钟表示，0 表示平息后即可结案').default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/** One timed event of a drill: a new lead, rising figures, a journalist's call, any message. */
const inject = z
  .object({
    /** Minutes after the drill starts. */
    afterMinutes: wholeMinutes('afterMinutes 是开始后的分钟数，例如 10'),
    kind: z.enum(['lead', 'figures', 'call', 'message'], {
      error: () => 'kind 只能是 lead（新线索）、figures（舆情数据）、call（来电）或 message（其他消息）',
    }),
    text: z.string().min(1, '请写这条演练消息的内容'),
    /** A lead's address (kind: lead). */
    link: httpLink.optional(),
    /** Who calls or writes (kind: call), e.g. 某都市报记者. */
    from: z.string().min(1).optional(),
  })
  .strict();

/** A drill scenario: raised as an incident of its level, its injects played by the clock, scored at the end. */
export const drillScenario = z
  .object({
    key,
    name: z.string().min(1, '请给剧本起个名字'),
    level: levelName,
    /** What the drill's warning says happened. */
    title: z.string().min(1, '请写演练事件的描述'),
    links: z.array(httpLink).default([]),
    /** Its messages may reach broadcast groups only when the scenario says so. */
    broadcast: z.boolean().default(false),
    /** Minutes after the start when the drill ends by itself and is scored. */
    endAfterMinutes: positiveMinutes,
    injects: z.array(inject).min(1, '剧本至少要有一条 injects'),
  })
  .strict()
  .refine((s) => s.injects.every((i) => i.afterMinutes < s.endAfterMinutes), '每条 injects 的 afterMinutes 都要小于 endAfterMinutes');

/**
 * A cron expression of five fields (分 时 日 月 周) in the organisation's time zone. node-cron reads
 * it; the seconds field is refused because reports are planned to the minute.
 */
export const cronExpression = z.string().superRefine((expression, ctx) => {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({ code: 'custom', message: `cron 表达式要写 5 段（分 时 日 月 周），例如 '0 18 * * *'；「${expression}」有 ${fields.length} 段` });
    return;
  }
  const checked = validateDetailed(expression);
  if (!checked.valid)
    ctx.addIssue({
      code: 'custom',
      message: `cron 表达式「${expression}」不对：${checked.errors.map((e) => `${e.field} ${e.value ?? ''}`.trim()).join('、')}`,
    });
});

const periodicReport = (cron: string, name: string) =>
  z.union([z.literal(false), z.object({ cron: cronExpression.default(cron), name: z.string().min(1).default(name) }).strict()]).default({ cron, name });

/** 舆情日报 and the weekly summary to the command centre; `false` turns one off. */
export const reportsSection = z
  .object({
    daily: periodicReport('0 18 * * *', '舆情日报'),
    weekly: periodicReport('0 9 * * 1', '每周舆情汇总'),
  })
  .strict()
  .prefault({});

export type DrillScenario = z.infer<typeof drillScenario>;
export type DrillInject = DrillScenario['injects'][number];
export type ReportKind = keyof z.infer<typeof reportsSection>;
