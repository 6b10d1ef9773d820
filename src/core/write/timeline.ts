// The append-only record: every change writes one row here, in the transaction of the change.
import { timeline } from '../../db/schema';
import type { Tx } from '../../db/types';
import { actorMemberId, type AnyActor, type VerbContext } from '../context';

/** A verb's row: recorded against the acting member, or the system (the warning engine) with none. */
export function appendTimeline(
  ctx: Pick<VerbContext<AnyActor>, 'tx' | 'actor' | 'now'>,
  entry: { incidentId: number | null; kind: string; text: string; data?: Record<string, unknown> },
): void {
  writeTimeline(ctx.tx, {
    ...entry,
    actorId: actorMemberId(ctx.actor),
    platform: ctx.actor.platform,
    now: ctx.now,
  });
}

/** For changes made by the system itself (start-up sync, scheduler), with no acting member. */
export function writeTimeline(
  tx: Tx,
  entry: { incidentId: number | null; kind: string; text: string; data?: Record<string, unknown>; actorId: number | null; platform: string; now: number },
): void {
  tx.insert(timeline)
    .values({
      incidentId: entry.incidentId,
      actorId: entry.actorId,
      platform: entry.platform,
      kind: entry.kind,
      text: entry.text,
      data: entry.data ?? null,
      createdAt: entry.now,
    })
    .run();
}
