// Drills (演练) and their scenarios: which drill an incident is, which are running, which scenario
// a person means.
import { asc, eq, isNull } from 'drizzle-orm';
import { drills } from '../../db/schema';
import type { DbOrTx } from '../../db/types';
import { Refusal } from '../errors';
import type { DrillScenario, Playbook } from '../playbook/schema';

export type Drill = typeof drills.$inferSelect;

export function drillOfIncident(db: DbOrTx, incidentId: number): Drill | undefined {
  return db.select().from(drills).where(eq(drills.incidentId, incidentId)).get();
}

export function drillById(db: DbOrTx, id: number): Drill | undefined {
  return db.select().from(drills).where(eq(drills.id, id)).get();
}

export function runningDrills(db: DbOrTx): Drill[] {
  return db.select().from(drills).where(isNull(drills.endedAt)).orderBy(asc(drills.id)).all();
}

/** The scenario as the drill was started with it. */
export function scenarioOf(drill: Drill): DrillScenario {
  return drill.scenario as unknown as DrillScenario;
}

/** A scenario by its key or its name, or a refusal listing those there are. */
export function scenarioNamed(playbook: Playbook, word: string): DrillScenario {
  const found = playbook.drills.find((d) => d.key === word || d.name === word);
  if (found) return found;
  if (playbook.drills.length === 0) throw new Refusal('预案里还没有演练剧本：请管理员在预案 drills 段写好剧本后重启烽火。');
  throw new Refusal(
    `没有叫「${word}」的演练剧本。可用：${playbook.drills.map((d) => `${d.key}（${d.name}）`).join('、')}。例如「演练 ${playbook.drills[0]!.key}」。`,
  );
}
