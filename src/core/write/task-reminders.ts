// The reminders to claim a task (jobs/handlers.ts fireTaskLadder) carry a 认领 button. Once the
// incident is closed they say so and the button goes: a closed incident's cards ask nothing of anyone.
import type { Tx } from '../../db/types';
import { textCard } from '../cards/card';
import { taskRef } from '../names';
import { tasksOf, type Incident } from '../read/incidents';
import { refreshSubject } from './outbox';
import { taskReminderSubject } from './subjects';

export function retireTaskReminders(tx: Tx, incident: Incident, now: number): void {
  for (const t of tasksOf(tx, incident.id)) {
    const ref = taskRef(t.id);
    refreshSubject(
      tx,
      taskReminderSubject(t.id),
      () => textCard(`任务未认领 · ${ref}`, `${ref} ${t.title}\n${incident.number} 已结案，不用再认领。`, 'closed'),
      { now },
    );
  }
}
