// A roster change (排班 / 换班 / 代班): one slot of one day given to a member, over the rotation.
import { dutyOverrides } from '../../db/schema';
import type { Tx } from '../../db/types';

export function setSlot(
  tx: Tx,
  slot: { date: string; shiftKey: string; roleKey: string },
  memberId: number,
  reason: 'set' | 'swap' | 'cover',
  setBy: number,
  now: number,
): void {
  tx.insert(dutyOverrides)
    .values({ ...slot, memberId, reason, setBy, createdAt: now })
    .onConflictDoUpdate({ target: [dutyOverrides.date, dutyOverrides.shiftKey, dutyOverrides.roleKey], set: { memberId, reason, setBy, createdAt: now } })
    .run();
}
