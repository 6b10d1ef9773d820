// A review (总结评估), or a drill's evaluation (演练评估, 000 6.3), as a Word document in the official
// layout (src/documents/): the same sections and words as its card (cards/review-lines.ts), the
// 经验 / 问题 / 改进措施 people wrote, who signed it and when. As signed: the figures stored at signing.
import type { Context } from 'hono';
import { reviewSections } from '../core/cards/review-lines';
import type { Core } from '../core/context';
import type { Incident } from '../core/read/incidents';
import { NOTE_KIND_NAME, readReviewView, reviewOfIncident, type NoteKind, type ReviewView } from '../core/read/reviews';
import { clockTime, fullTime, localDate } from '../core/time';
import { DOCX_MIME, officialDocument, type BodyBlock, type OfficialDocumentSpec } from '../documents/index';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function reviewDocumentSpec(core: Pick<Core, 'playbook' | 'timeZone'>, view: ReviewView, now: number): OfficialDocumentSpec {
  const { incident, review, figures: f } = view;
  const tz = core.timeZone;
  const drill = incident.isDrill;
  const body: BodyBlock[] = [];
  let section = 0;
  const heading = (text: string) => body.push({ heading: 1, text: `${NUMERALS[section++] ?? section}、${text}` });

  heading('基本情况');
  const when = (ms: number) => {
    const [y, m, d] = localDate(ms, tz).split('-').map(Number);
    return `${y}年${m}月${d}日 ${clockTime(ms, tz)}`;
  };
  const calmed = f.incident.calmedAt ? `${when(f.incident.calmedAt)} 确认平息，` : '';
  const closed = f.incident.closedAt ? `${when(f.incident.closedAt)} 结案。` : f.incident.calmedAt ? '尚未结案。' : `目前${f.incident.status}。`;
  body.push(
    `${when(f.incident.raisedAt)}，${f.warning.by ?? '监测信号'}发布${f.incident.levelName}：${incident.title}（事件编号 ${incident.number}）。${calmed}${closed}`,
  );
  if (review.summary) body.push(`总结：${review.summary}`);

  if (view.score) {
    heading('演练得分');
    body.push(
      `得分 ${view.score.score}（共 ${view.score.items.length} 项：按时 ${view.score.onTime}、迟 ${view.score.late}、未完成 ${view.score.missed}），按预案时限逐项评定。`,
    );
    view.score.items.forEach((item, i) => body.push(`${i + 1}. ${item.what}：${item.detail}`));
  }

  heading('处置时效');
  reviewSections(f, tz)
    .filter((s) => s.title !== '谁做了什么')
    .forEach((s, i) => {
      body.push({ heading: 2, text: `（${NUMERALS[i] ?? i + 1}）${s.title}` });
      body.push(...s.lines);
    });

  const notes = (kind: NoteKind, title: string) => {
    heading(title);
    const list = view.notes.filter((n) => n.kind === kind);
    if (list.length === 0) body.push(`（尚未填写${NOTE_KIND_NAME[kind]}）`);
    list.forEach((n, i) => body.push(`${i + 1}. ${n.text}（${n.author}）`));
  };
  notes('experience', '经验');
  notes('problem', '存在的问题');
  notes('improvement', '改进措施');

  const people = reviewSections(f, tz).find((s) => s.title === '谁做了什么');
  if (people) {
    heading('人员履职');
    body.push(...people.lines);
  }

  const signedAt = review.signedAt;
  const date = localDate(signedAt ?? now, tz)
    .split('-')
    .map(Number) as [number, number, number];
  return {
    marks: drill ? ['演练'] : [],
    title: drill ? `关于“${incident.title}”演练的评估报告` : `关于“${incident.title}”舆情处置的总结评估报告`,
    to: [],
    body,
    signature: '舆情应急指挥中心',
    date: { year: date[0], month: date[1], day: date[2] },
    note: signedAt ? `签发人：${view.signer ?? ''}，签发时间：${fullTime(signedAt, tz).slice(0, 16)}` : '本评估尚未签发，以签发时的内容为准',
    properties: { author: '烽火', subject: `${incident.number} ${drill ? '演练评估' : '总结评估'}`, keywords: incident.number },
  };
}

export async function reviewDocxResponse(c: Context, core: Core, incident: Incident, now: number): Promise<Response> {
  const review = reviewOfIncident(core.db, incident.id);
  if (!review) return c.json({ error: `${incident.number} 还没有总结评估：平息或结案时开启。` }, 404);
  const bytes = await officialDocument(reviewDocumentSpec(core, readReviewView(core.db, core, incident, review, now), now));
  const name = `${incident.number}-${incident.isDrill ? '演练评估' : '总结评估'}.docx`;
  return c.body(new Uint8Array(bytes), 200, {
    'Content-Type': DOCX_MIME,
    'Content-Disposition': `attachment; filename="review.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}
