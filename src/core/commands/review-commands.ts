// 总结: the review (总结评估) of an incident — read it, add 经验 / 问题 / 改进措施, sign it off.
import { z } from 'zod';
import { NOTE_KIND_WORDS } from '../read/reviews';
import { addReviewNote } from '../verbs/add-review-note';
import { showReview } from '../verbs/show-review';
import { signReview } from '../verbs/sign-review';
import { after, leadingIncident } from './args';
import { defineCommand } from './spec';

const SIGN_WORDS = ['签发', 'sign'];

export const review = defineCommand({
  name: '总结',
  aliases: ['review', '评估'],
  usage: '总结 [事件编号] [经验|问题|改进 内容 | 签发]',
  example: '总结 YQ-20261121-001 改进 法务审核限时 30 分钟',
  summary: '总结评估：查看自动统计的时效，补充经验、问题、改进措施，总指挥签发',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    const first = r.words[0];
    if (first === undefined) return { incidentNumber: r.incidentNumber, action: 'show' };
    if (SIGN_WORDS.includes(first.toLowerCase())) return { incidentNumber: r.incidentNumber, action: 'sign' };
    const kind = Object.hasOwn(NOTE_KIND_WORDS, first) ? NOTE_KIND_WORDS[first] : undefined;
    return { incidentNumber: r.incidentNumber, action: kind ? 'note' : 'unknown', word: first, kind, text: after(r.rest, r.words, 1) };
  },
  args: z
    .object({
      incidentNumber: z.string().optional(),
      action: z.enum(['show', 'note', 'sign', 'unknown']),
      word: z.string().optional(),
      kind: z.enum(['experience', 'problem', 'improvement']).optional(),
      text: z.string().optional(),
    })
    .refine((a) => a.action !== 'unknown', {
      error: (i) => `「${String((i.input as { word?: string }).word)}」不是总结评估的栏目；补充请写「经验」「问题」或「改进」加内容，签发写「签发」`,
    })
    .refine((a) => a.action !== 'note' || (a.text ?? '').trim().length > 0, { error: '缺少内容，例如：总结 经验 信息发布及时，口径统一' }),
  run: (ctx, a) => {
    if (a.action === 'note') return addReviewNote(ctx, { incidentNumber: a.incidentNumber, kind: a.kind!, text: a.text! });
    if (a.action === 'sign') return signReview(ctx, { incidentNumber: a.incidentNumber });
    return showReview(ctx, { incidentNumber: a.incidentNumber });
  },
});
