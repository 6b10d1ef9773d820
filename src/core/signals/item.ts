// One item a monitoring tool pushes (POST /api/signals), checked with zod at the edge. Every
// rejection names the field and says why, in Chinese; the route prefixes the item's place in the batch.
import '../zod-locale';
import { z } from 'zod';

/** Items per request; more is refused whole (413), so a tool learns to split rather than lose the tail. */
export const MAX_BATCH_ITEMS = 500;

const count = (what: string) =>
  z
    .number({ error: `${what}要是非负整数` })
    .int(`${what}要是非负整数`)
    .nonnegative(`${what}要是非负整数`)
    .max(Number.MAX_SAFE_INTEGER, `${what}太大`)
    .default(0);

const PUBLISHED_AT_HINT = '发布时间要写成 ISO 8601（带时区，例如 2026-11-21T08:30:00+08:00）或毫秒时间戳';
/**
 * A number below 10¹² ms is before September 2001: in practice a time in seconds, which read as
 * milliseconds would land in January 1970 and skew every card and the API. Refused, not guessed.
 */
const MIN_MILLISECONDS = 1e12;
const SECONDS_HINT =
  '发布时间像是以秒为单位的时间戳（按毫秒会被当成 1970 年）：请发送毫秒时间戳（秒 × 1000），或 ISO 8601 时间（带时区，例如 2026-11-21T08:30:00+08:00）';
const publishedAt = z.union(
  [
    z.number({ error: PUBLISHED_AT_HINT }).int(PUBLISHED_AT_HINT).positive(PUBLISHED_AT_HINT).min(MIN_MILLISECONDS, SECONDS_HINT),
    z.iso.datetime({ offset: true, error: PUBLISHED_AT_HINT }),
  ],
  { error: PUBLISHED_AT_HINT },
);

export const signalItemSchema = z
  .object({
    source: z.string({ error: '缺少 source（来源平台或网站，例如 weibo、news）' }).trim().min(1, 'source 不能为空').max(64, 'source 最长 64 个字符'),
    link: z.url({ protocol: /^https?$/, error: '链接要是 http(s) 网址' }).max(2048, '链接最长 2048 个字符'),
    title: z.string({ error: '缺少 title（标题）' }).trim().min(1, '标题不能为空').max(500, '标题最长 500 个字符'),
    excerpt: z.string({ error: 'excerpt 要是文字' }).max(5000, '摘要最长 5000 个字符').default(''),
    author: z
      .object({
        name: z.string({ error: '作者名要是文字' }).max(200, '作者名最长 200 个字符').default(''),
        followers: count('粉丝数'),
        verified: z.boolean({ error: 'verified 只能是 true 或 false' }).default(false),
      })
      .prefault({}),
    publishedAt,
    metrics: z
      .object({
        reads: count('阅读数'),
        reposts: count('转发数'),
        comments: count('评论数'),
        likes: count('点赞数'),
        mentionsLastHour: count('近一小时提及数'),
      })
      .prefault({}),
    sentiment: z.number({ error: '情感值要是 -1 到 1 之间的数（-1 最负面）' }).min(-1, '情感值不能小于 -1').max(1, '情感值不能大于 1').default(0),
    keywords: z
      .array(z.string({ error: '关键词要是文字' }).trim().min(1, '关键词不能为空').max(50, '关键词最长 50 个字符'), { error: 'keywords 要是文字数组' })
      .max(50, '关键词最多 50 个')
      .default([]),
  })
  .transform((item) => ({ ...item, publishedAt: typeof item.publishedAt === 'number' ? item.publishedAt : Date.parse(item.publishedAt) }));

export type SignalItem = z.output<typeof signalItemSchema>;

export interface ItemProblem {
  /** Field path in the request body, e.g. `items.3.metrics.reads`. */
  path: string;
  message: string;
}

/**
 * Reads a request body: one item, or `{ items: [...] }`. All or nothing: one bad item rejects the
 * batch, with every problem (up to `limit`) named by its path.
 */
export function parseSignalBody(body: unknown, limit = 20): { ok: true; items: SignalItem[] } | { ok: false; tooMany?: number; problems: ItemProblem[] } {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'items' in body;
  if (!isBatch) {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return { ok: false, problems: [{ path: '请求体', message: '要是一条信号（JSON 对象）或 { "items": [...] }' }] };
    const parsed = signalItemSchema.safeParse(body, { reportInput: true });
    return parsed.success ? { ok: true, items: [parsed.data] } : { ok: false, problems: problemsOf(parsed.error, [], limit) };
  }
  const list = (body as { items: unknown }).items;
  if (!Array.isArray(list)) return { ok: false, problems: [{ path: 'items', message: '要是数组' }] };
  if (list.length === 0) return { ok: false, problems: [{ path: 'items', message: '至少要有一条信号' }] };
  if (list.length > MAX_BATCH_ITEMS)
    return { ok: false, tooMany: list.length, problems: [{ path: 'items', message: `一次最多 ${MAX_BATCH_ITEMS} 条，本次 ${list.length} 条；请分批推送` }] };
  const items: SignalItem[] = [];
  const problems: ItemProblem[] = [];
  list.forEach((raw, i) => {
    if (problems.length >= limit) return;
    const parsed = signalItemSchema.safeParse(raw, { reportInput: true });
    if (parsed.success) items.push(parsed.data);
    else problems.push(...problemsOf(parsed.error, ['items', i], limit - problems.length));
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}

function problemsOf(error: z.ZodError, prefix: (string | number)[], limit: number): ItemProblem[] {
  return error.issues.slice(0, limit).map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    // zod's own "required" message is generic; say which field is missing.
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
    return { path: path || '请求体', message: missing ? `缺少这一项（${issue.message}）` : issue.message };
  });
}
