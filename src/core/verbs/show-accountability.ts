// 迟报 [时段]: the late and missed items of a period per person and department, with findings.
// Who may read it is the playbook's permissions.accountability: it names people.
import type { Card } from '../cards/card';
import { buildAccountabilityCard } from '../cards/accountability-card';
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { readAccountability } from '../read/accountability';
import { parsePeriod, PERIOD_HINT } from '../read/periods';
import { requirePermission } from '../read/permissions';

export function showAccountability(ctx: VerbContext, input: { period: string[] }): Card {
  const { tx, core, actor, now } = ctx;
  requirePermission(core.playbook, actor.member, 'accountability');
  const period = parsePeriod(input.period, now, core.timeZone);
  if (!period) throw new Refusal(`「${input.period.join(' ')}」不是时段。${PERIOD_HINT}。`);
  return buildAccountabilityCard(core, readAccountability(tx, period, now), now);
}
