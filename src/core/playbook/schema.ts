// The playbook (预案) as the core reads it. The human-edited YAML is checked against this schema
// at start-up (src/config/load-yaml.ts reports the line of each mistake).
import '../zod-locale';
import { z } from 'zod';
import { LEVELS, type Level } from '../levels';
import { ALL_ROLES } from '../org/roles';
import { drillScenario, reportsSection, reviewSection } from './after-incident';

const role = z.enum(ALL_ROLES as [string, ...string[]], {
  error: (i) => `「${String(i.input)}」不是角色；可用角色：${ALL_ROLES.join('、')}`,
});

const groupPurpose = z.enum(['command', 'department', 'broadcast'], {
  error: () => '群用途只能是 command（指挥中心）、department（部门群）或 broadcast（通报群）',
});

const minutes = z.number({ error: '时限用正整数分钟表示，例如 30' }).int('时限用正整数分钟表示，例如 30').positive('时限用正整数分钟表示，例如 30');

const taskTemplate = z.object({
  department: z.string().min(1, '请写部门的 key（见组织文件 departments）'),
  title: z.string().min(1, '任务内容不能为空'),
});

const deadline = z.object({
  kind: z.string().regex(/^[a-z_]+$/, '用小写英文和下划线，例如 report_written'),
  label: z.string().min(1),
  minutes,
});

const approvalStep = z.object({
  label: z.string().min(1, '请给这一步起个名字，例如「宣传负责人审核」'),
  roles: z.array(role).min(1, '至少写一个可以审批的角色'),
  department: z.string().optional(),
});

const who = z.array(role).min(1);

/** 应急会议 (001 三(三)4 "立即召开应急会议", 002 四(一)2): called with the warning at this level. */
const meetingRule = z
  .object({
    title: z.string().min(1).default('应急会议'),
    /** It starts this long after the warning (or the upgrade) unless someone sets a time (会议 时间 …). */
    withinMinutes: minutes,
    /** A room or a link; `会议 地点 …` sets or changes it. */
    place: z.string().min(1).optional(),
    /** Everyone holding one of these roles is invited (and @mentioned in the notice and the reminders). */
    attendees: who,
    remindBeforeMinutes: minutes.default(10),
  })
  .strict();

const levelRule = z.object({
  name: z.string().min(1),
  meaning: z.string().min(1),
  response: z.string().min(1),
  /** The incident status a new warning at this level starts in. */
  status: z.enum(['monitoring', 'responding']),
  notify: z.array(groupPurpose).min(1),
  urgent: z.boolean(),
  claimWithinMinutes: minutes,
  updateEveryMinutes: minutes.optional(),
  deadlines: z.array(deadline),
  tasks: z.array(taskTemplate),
  approval: z.array(approvalStep).min(1, '信息发布至少要有一步审批'),
  /** Who may 平息 and 结案 an incident at this level (红色：总指挥亲自指挥); absent → permissions.resolve. */
  resolveBy: who.optional(),
  meeting: meetingRule.optional(),
  /** What the all-hands broadcast group is told to do (the summary card has no tasks, deadlines or buttons). */
  advice: z.string().min(1).default('请勿在个人账号转发、评论相关信息，对外口径以单位正式发布为准；发现相关线索请告知值班人员。'),
});

const levelName = z.enum(LEVELS, { error: (i) => `「${String(i.input)}」不是级别；可用：${LEVELS.join('、')}` });
const nonNegative = (hint: string) => z.number({ error: hint }).nonnegative(hint);
const positive = (hint: string) => z.number({ error: hint }).positive(hint);
const score = z.number({ error: '阈值是 0 到 100 之间的分数' }).min(0, '阈值是 0 到 100 之间的分数').max(100, '阈值是 0 到 100 之间的分数');

/** How a source name is compared: an item's `source` with the playbook's sourceAuthority keys. */
export function sourceKey(source: string): string {
  return source.trim().toLowerCase();
}

/**
 * 预警指标体系: how monitoring signals become a score (0–100) and a proposed level. Every part has a
 * default, so a playbook without this section still parses. See src/core/signals/score.ts.
 */
const indicators = z
  .object({
    /** Shares of the score; need not add up to 1 (they are normalised). */
    weights: z
      .object({
        influence: nonNegative('权重是非负数，例如 0.35').default(0.35),
        speed: nonNegative('权重是非负数，例如 0.25').default(0.25),
        trend: nonNegative('权重是非负数，例如 0.2').default(0.2),
        negativity: nonNegative('权重是非负数，例如 0.2').default(0.2),
      })
      .strict()
      .prefault({})
      .refine((w) => w.influence + w.speed + w.trend + w.negativity > 0, '权重不能全为 0'),
    /** Reach of one item: reads·a + reposts·b + comments·c + likes·d. */
    reach: z
      .object({
        reads: nonNegative('系数是非负数').default(1),
        reposts: nonNegative('系数是非负数').default(20),
        comments: nonNegative('系数是非负数').default(10),
        likes: nonNegative('系数是非负数').default(2),
      })
      .strict()
      .prefault({}),
    /** Author weight: 1 + followers·log10(1 + followers) + verified bonus. */
    author: z
      .object({ followers: nonNegative('系数是非负数').default(0.25), verifiedBonus: nonNegative('加成是非负数，例如 0.5').default(0.5) })
      .strict()
      .prefault({}),
    /**
     * Source authority by the item's `source`; `default` for the rest. Keys are normalised as item
     * sources are (sourceKey), so `News:` in the playbook matches `"source": "news"`.
     */
    sourceAuthority: z
      .record(z.string(), positive('来源权威度是正数，例如 1.5'))
      .default({ default: 1 })
      .transform((table, ctx) => {
        const normalised: Record<string, number> = {};
        for (const [key, value] of Object.entries(table)) {
          const k = sourceKey(key);
          if (Object.hasOwn(normalised, k))
            ctx.addIssue({ code: 'custom', message: `来源「${k}」写了不止一次（不区分大小写和首尾空格），请只保留一个`, input: table });
          normalised[k] = value;
        }
        return normalised;
      }),
    /** Where each part reaches half of its full marks: part = x / (x + half). */
    halfAt: z
      .object({
        influence: positive('用正数表示，例如 200000').default(200_000),
        speed: positive('用正数表示（每小时提及量），例如 300').default(300),
        trend: positive('用正数表示（一小时内的增长倍数），例如 1').default(1),
      })
      .strict()
      .prefault({}),
    /** Growth is measured against at least this many mentions an hour, so 1 → 3 is not "tripling". */
    trendBase: positive('用正数表示，例如 20').default(20),
    /** A level is entered at its threshold… */
    thresholds: z
      .object({ blue: score.default(30), yellow: score.default(45), orange: score.default(60), red: score.default(75) } satisfies Record<Level, unknown>)
      .strict()
      .prefault({})
      .refine((t) => t.blue < t.yellow && t.yellow < t.orange && t.orange < t.red, '阈值要从低到高：blue < yellow < orange < red'),
    /** …and left only below threshold − hysteresis, so a score hovering at the edge does not flap. */
    hysteresis: z
      .number({ error: '回差是 0 到 20 之间的分数，例如 5' })
      .min(0, '回差是 0 到 20 之间的分数，例如 5')
      .max(20, '回差是 0 到 20 之间的分数，例如 5')
      .default(5),
    /** Levels raised and broadcast without a person; the others are proposed to the command centre. */
    automatic: z.array(levelName).default(['blue', 'yellow']),
    grouping: z
      .object({
        /** Jaccard similarity of keyword sets at or above which an item joins a topic. */
        similarity: z
          .number({ error: '相似度是 0 到 1 之间的数，例如 0.3' })
          .gt(0, '相似度是 0 到 1 之间的数，例如 0.3')
          .max(1, '相似度是 0 到 1 之间的数，例如 0.3')
          .default(0.3),
        /** A topic quiet for longer than this takes no new items (one with an open incident always does). */
        windowHours: positive('用正数小时表示，例如 24').default(24),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const playbookSchema = z
  .object({
    name: z.string().min(1),
    levels: z.object({ red: levelRule, orange: levelRule, yellow: levelRule, blue: levelRule } satisfies Record<Level, typeof levelRule>),
    /** 24 小时值班: shifts, who rotates through each duty role, and when people are reminded. */
    duty: z
      .object({
        shifts: z
          .array(
            z.object({
              key: z.string().regex(/^[a-z0-9_-]+$/, '班次 key 用小写英文，例如 day'),
              name: z.string().min(1),
              start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间写成 HH:MM，例如 08:30'),
              end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间写成 HH:MM，例如 20:30'),
            }),
          )
          .min(1),
        roles: z
          .array(
            z.object({
              key: z.string().regex(/^[a-z0-9_-]+$/, '值班角色 key 用小写英文，例如 officer'),
              name: z.string().min(1),
              rotation: z.array(z.string().min(1)).min(1, '轮值名单至少一人（成员 key）'),
            }),
          )
          .min(1),
        /** Day 0 of every rotation, YYYY-MM-DD. */
        rotationStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期写成 YYYY-MM-DD'),
        remindBeforeMinutes: minutes.default(30),
        /** The evening reminder for tomorrow's people, and the morning digest, HH:MM. */
        eveningAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
          .default('20:00'),
        digestAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
          .default('08:00'),
      })
      .strict()
      .optional(),
    /** The clock: when reminders go out and how escalation ladders climb. */
    clock: z
      .object({
        /** Reminders before each response deadline, as shares of its span (0.5 = half-way). */
        remindAt: z.array(z.number().gt(0, '提醒点是 0 到 1 之间的比例，例如 0.5').lt(1, '提醒点是 0 到 1 之间的比例，例如 0.8')).default([0.5, 0.8]),
        /** Minutes between the rungs of a task's ladder: department group → department lead → commander. */
        escalateEveryMinutes: minutes.default(5),
        /** Minutes an approval step may wait before its approvers are reminded; as long again, then the deputies. */
        approvalWaitMinutes: minutes.default(15),
      })
      .strict()
      .default({ remindAt: [0.5, 0.8], escalateEveryMinutes: 5, approvalWaitMinutes: 15 }),
    /** 任务认领: whether a department's task is claimed by that department's members only. */
    tasks: z
      .object({
        /** `department`: only the task's department (others may be handed it with 转交 by permissions.handoffAny); `anyone`: any member. */
        claimScope: z.enum(['department', 'anyone'], { error: () => 'claimScope 只能是 department（只限本部门）或 anyone（任何成员）' }).default('department'),
      })
      .strict()
      .prefault({}),
    permissions: z.object({
      warn: who,
      changeLevel: who,
      createTask: who,
      handoffAny: who,
      resolve: who,
      release: who,
      assignRoles: who,
      roster: who.default(['总指挥', '副总指挥', '管理员']),
      /** Confirm, adjust or ignore a level the warning engine proposes. */
      confirmWarning: who.default(['总指挥', '副总指挥']),
      /** Sign off a 总结评估 (the review). */
      signReview: who.default(['总指挥']),
      /** Start and end a drill from a scenario. */
      drill: who.default(['总指挥', '副总指挥', '管理员']),
      /** Read the accountability list (迟报) of people and departments. */
      accountability: who.default(['总指挥', '副总指挥', '领导小组', '部门负责人']),
      /** Record a finding (说明, 责任认定, 处理结果) against an accountability item. */
      finding: who.default(['总指挥', '副总指挥', '领导小组']),
      /** Set the 应急会议's time and place, record its decisions (会议 …). */
      meeting: who.default(['总指挥', '副总指挥', '领导小组', '部门负责人']),
    }),
    indicators: indicators.prefault({}),
    review: reviewSection,
    /** 演练剧本: scenarios a drill is raised from (演练 <key>). */
    drills: z
      .array(drillScenario)
      .default([])
      .refine((list) => new Set(list.map((d) => d.key)).size === list.length, '演练剧本的 key 不能重复'),
    reports: reportsSection,
  })
  .strict();

export type Playbook = z.infer<typeof playbookSchema>;
export type LevelRule = z.infer<typeof levelRule>;
export type MeetingRule = z.infer<typeof meetingRule>;
export type Indicators = z.infer<typeof indicators>;
export type PermissionName = keyof Playbook['permissions'];
export type { DrillInject, DrillScenario, ReportKind } from './after-incident';
