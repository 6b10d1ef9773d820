// A new open task and its reminder ladder: the same whether the playbook creates it with the
// incident or an upgrade, or a person adds it with 任务.
import { tasks } from '../../db/schema';
import type { Tx } from '../../db/types';
import type { Core } from '../context';
import { planTaskLadder } from './plan-jobs';

export function insertOpenTask(
  tx: Tx,
  core: Core,
  input: { incidentId: number; departmentKey: string | null; title: string; claimWithinMinutes: number; createdBy: number | null; now: number },
): typeof tasks.$inferSelect {
  const task = tx
    .insert(tasks)
    .values({
      incidentId: input.incidentId,
      departmentKey: input.departmentKey,
      title: input.title,
      status: 'open',
      claimDueAt: input.now + input.claimWithinMinutes * 60_000,
      createdBy: input.createdBy,
      createdAt: input.now,
    })
    .returning()
    .get();
  planTaskLadder(tx, core, task, input.now);
  return task;
}
