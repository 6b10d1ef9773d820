// Reviews (总结评估) as people see them: the incident's review, its notes with their authors, and
// its figures — measured now while it is open, as signed once it is signed.
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { incidents, reviewNotes, reviews } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import type { Core } from '../context';
import { Refusal } from '../errors';
export { NOTE_KIND_NAME } from '../names';
import { incidentByNumber, type Incident } from './incidents';
import { membersByIds } from './members';
import { readReviewRecord } from './review-record';
import { reviewFigures, type ReviewFigures } from './review-figures';
import type { DrillScore } from './drill-score';

export type Review = typeof reviews.$inferSelect;
export type ReviewNote = typeof reviewNotes.$inferSelect;
export type NoteKind = ReviewNote['kind'];

/** The words people type for each kind: 总结 经验 …, 总结 问题 …, 总结 改进 … */
export const NOTE_KIND_WORDS: Record<string, NoteKind> = {
  经验: 'experience',
  问题: 'problem',
  不足: 'problem',
  改进: 'improvement',
  改进措施: 'improvement',
  措施: 'improvement',
};

export function reviewOfIncident(db: DbOrTx, incidentId: number): Review | undefined {
  return db.select().from(reviews).where(eq(reviews.incidentId, incidentId)).get();
}

export function notesOf(db: DbOrTx, reviewId: number): ReviewNote[] {
  return db.select().from(reviewNotes).where(eq(reviewNotes.reviewId, reviewId)).orderBy(asc(reviewNotes.id)).all();
}

export interface ReviewView {
  incident: Incident;
  review: Review;
  figures: ReviewFigures;
  notes: { kind: NoteKind; text: string; author: string; at: number }[];
  signer: string | null;
  score: DrillScore | null;
}

export function readReviewView(db: DbOrTx, core: Pick<Core, 'playbook'>, incident: Incident, review: Review, now: number): ReviewView {
  const notes = notesOf(db, review.id);
  const names = new Map(membersByIds(db, [...notes.map((n) => n.authorId), ...(review.signedBy ? [review.signedBy] : [])]).map((m) => [m.id, m.name]));
  return {
    incident,
    review,
    figures:
      review.status === 'signed' && review.figures
        ? (review.figures as unknown as ReviewFigures)
        : reviewFigures(readReviewRecord(db, incident), core.playbook, now),
    notes: notes.map((n) => ({ kind: n.kind, text: n.text, author: names.get(n.authorId) ?? '?', at: n.createdAt })),
    signer: review.signedBy ? (names.get(review.signedBy) ?? null) : null,
    score: (review.score as unknown as DrillScore | null) ?? null,
  };
}

/**
 * The incident a review command is about: the number given; else the only incident whose review is
 * still open; else a refusal listing them.
 */
export function resolveReviewIncident(db: DbOrTx, number: string | undefined, example: string): Incident {
  if (number) {
    const found = incidentByNumber(db, number);
    if (!found) throw new Refusal(`没有编号为 ${number.toUpperCase()} 的舆情事件。发送「列表 全部」查看编号。`, `没有事件 ${number}`);
    return found;
  }
  const waiting = db
    .select({ incident: incidents })
    .from(reviews)
    .innerJoin(incidents, eq(incidents.id, reviews.incidentId))
    .where(eq(reviews.status, 'open'))
    .orderBy(asc(reviews.id))
    .all()
    .map((r) => r.incident);
  if (waiting.length === 1) return waiting[0]!;
  const calmed = db
    .select()
    .from(incidents)
    .where(and(eq(incidents.status, 'calmed'), ne(incidents.isDrill, true)))
    .all();
  if (waiting.length === 0 && calmed.length === 1) return calmed[0]!;
  if (waiting.length === 0) throw new Refusal(`请写明事件编号，例如：${example.replace('{n}', 'YQ-20261121-001')}\n事件平息或结案时开启总结评估。`);
  throw new Refusal(
    `有 ${waiting.length} 个总结评估待完成，请写明事件编号，例如：${example.replace('{n}', waiting[0]!.number)}\n待完成：${waiting.map((i) => i.number).join('、')}`,
  );
}

/** Reviews of several incidents at once (for the archive). */
export function reviewsOf(db: DbOrTx, incidentIds: number[]): Map<number, Review> {
  if (incidentIds.length === 0) return new Map();
  return new Map(
    db
      .select()
      .from(reviews)
      .where(inArray(reviews.incidentId, incidentIds))
      .all()
      .map((r) => [r.incidentId, r]),
  );
}
