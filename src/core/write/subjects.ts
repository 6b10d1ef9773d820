// The subjects of the bot's messages: a message about `incident:3` is rebuilt whenever incident 3
// changes (outbox.ts refreshSubject), wherever it was sent.
export function incidentSubject(incidentId: number): string {
  return `incident:${incidentId}`;
}

/** The broadcast group's summary of an incident (cards/broadcast-card.ts), rebuilt with it. */
export function incidentSummarySubject(incidentId: number): string {
  return `incident-summary:${incidentId}`;
}

/** A reminder to claim one task (jobs/handlers.ts fireTaskLadder): its 认领 button goes when the incident is closed. */
export function taskReminderSubject(taskId: number): string {
  return `task-reminder:${taskId}`;
}

export function releaseSubject(releaseId: number): string {
  return `release:${releaseId}`;
}

/** The card an approver gets privately for one step of one version: its buttons live only while that step is open. */
export function releaseStepSubject(releaseId: number, version: number, step: number): string {
  return `release:${releaseId}:v${version}:s${step}`;
}

export function proposalSubject(proposalId: number): string {
  return `proposal:${proposalId}`;
}

/** The 总结评估 card of a review: rebuilt when a note is added or it is signed. */
export function reviewSubject(reviewId: number): string {
  return `review:${reviewId}`;
}
