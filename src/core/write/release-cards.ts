// Approval cards beyond the shared one: each approver of the open step gets a private card on
// the platforms that allow it (a leader on a phone taps 同意 there), and every copy is kept in step.
import { like } from 'drizzle-orm';
import { botMessages } from '../../db/schema';
import type { Tx } from '../../db/types';
import { buildReleaseCard } from '../cards/release-card';
import type { Core } from '../context';
import { directDestinations } from '../read/members';
import { readReleaseView } from '../read/release-view';
import { approversOf, type Release } from '../read/releases';
import { enqueueCard, PRIORITY, refreshSubject } from './outbox';
import { releaseStepSubject, releaseSubject } from './subjects';

/** Sends the open step's approvers their private card. Nothing to do when the release is decided. */
export function sendToStepApprovers(tx: Tx, core: Core, release: Release, now: number): number {
  const step = release.chain[release.step];
  if (release.status !== 'pending' || !step) return 0;
  const approvers = approversOf(tx, step);
  const destinations = directDestinations(
    tx,
    core.directPlatforms,
    approvers.map((m) => m.id),
  );
  const view = { version: release.version, step: release.step };
  const card = buildReleaseCard(core, readReleaseView(tx, release), view);
  for (const to of destinations) {
    enqueueCard(tx, to, card, { now, priority: PRIORITY.reply, subject: releaseStepSubject(release.id, view.version, view.step) });
  }
  return destinations.length;
}

/** Rebuilds the shared card and every private step card of a release. */
export function refreshReleaseCards(tx: Tx, core: Core, release: Release, now: number): void {
  const data = readReleaseView(tx, release);
  refreshSubject(tx, releaseSubject(release.id), buildReleaseCard(core, data), { now });
  const subjects = tx
    .selectDistinct({ subject: botMessages.subject })
    .from(botMessages)
    .where(like(botMessages.subject, `${releaseSubject(release.id)}:v%`))
    .all();
  for (const { subject } of subjects) {
    const m = /:v(\d+):s(\d+)$/.exec(subject ?? '');
    if (!m) continue;
    const view = { version: Number(m[1]), step: Number(m[2]) };
    refreshSubject(tx, subject!, buildReleaseCard(core, data, view), { now });
  }
}
