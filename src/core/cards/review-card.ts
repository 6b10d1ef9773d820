// The 总结评估 card: the measured figures, the 经验 / 问题 / 改进措施 people have written, a drill's
// score, who signed it — and while it is open, how to add to it and the 签发 button for the
// commander. Long lists are cut on the card; the workspace and the document carry them all.
import type { Core } from '../context';
import { withoutGrade } from '../levels';
import { NOTE_KIND_NAME } from '../names';
import type { NoteKind, ReviewView } from '../read/reviews';
import { fullTime } from '../time';
import { fields, markdown, note, plain, type Block, type Card } from './card';
import { bold, md } from './markup';
import { reviewSections } from './review-lines';

/** Lines of one section shown on the card before "另有 N 项". */
const LINES_SHOWN = 12;

export function reviewTitle(view: Pick<ReviewView, 'incident'>): string {
  return view.incident.isDrill ? `【演练】演练评估 · ${view.incident.number}` : `总结评估 · ${view.incident.number}`;
}

export function buildReviewCard(core: Pick<Core, 'playbook' | 'timeZone'>, view: ReviewView): Card {
  const { incident, review, figures } = view;
  const tz = core.timeZone;
  const signed = review.status === 'signed';
  const blocks: Block[] = [
    plain(`${incident.isDrill ? '【演练】' : ''}${incident.title}`),
    fields([
      { label: '事件编号', value: incident.number },
      { label: '级别', value: withoutGrade(core.playbook.levels[incident.level].name) },
      { label: '状态', value: figures.incident.status },
      { label: '评估', value: signed ? `已签发 · ${view.signer ?? ''} ${fullTime(review.signedAt!, tz).slice(5, 16)}` : '待补充、待签发' },
    ]),
  ];
  if (review.summary) blocks.push(plain(`总结：${review.summary}`));
  if (view.score)
    blocks.push(
      markdown(
        md`${bold(`演练得分 ${view.score.score}`)}（共 ${view.score.items.length} 项：按时 ${view.score.onTime}、迟 ${view.score.late}、未完成 ${view.score.missed}）`,
      ),
    );
  for (const section of reviewSections(figures, tz)) {
    blocks.push(markdown(bold(section.title)));
    blocks.push(plain(clipLines(section.lines)));
  }
  blocks.push({ type: 'divider' });
  for (const kind of ['experience', 'problem', 'improvement'] as NoteKind[]) {
    const notes = view.notes.filter((n) => n.kind === kind);
    blocks.push(markdown(bold(NOTE_KIND_NAME[kind])));
    blocks.push(plain(notes.length > 0 ? clipLines(notes.map((n, i) => `${i + 1}. ${n.text}（${n.author}）`)) : '（还没有）'));
  }
  if (!signed) {
    const n = incident.number;
    blocks.push(
      note(`补充：「总结 ${n} 经验 …」「总结 ${n} 问题 …」「总结 ${n} 改进 …」；${core.playbook.permissions.signReview.join('、')}签发：「总结 ${n} 签发」。`),
    );
    blocks.push({ type: 'actions', buttons: [{ label: '签发总结评估', action: 'signReview', value: `${n} 签发`, style: 'primary' }] });
  } else {
    blocks.push(note('已签发：内容以签发时为准。可在工作台导出 Word 文档。'));
  }
  return { title: reviewTitle(view), tone: signed ? 'ok' : 'info', blocks };
}

function clipLines(lines: string[]): string {
  const shown = lines.slice(0, LINES_SHOWN);
  if (lines.length > LINES_SHOWN) shown.push(`……另有 ${lines.length - LINES_SHOWN} 项，见工作台`);
  return shown.join('\n');
}
