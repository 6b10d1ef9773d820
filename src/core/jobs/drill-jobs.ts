// A drill played by the clock (planned by verbs/start-drill.ts): each inject of its scenario when
// it falls due — a new lead, rising figures, a call, a message — to the command centre and the chat
// the drill began in; and its end, when it is scored. A drill ended early plays nothing more.
import { leads } from '../../db/schema';
import { fields, textCard, type Card } from '../cards/card';
import type { SystemActor, VerbContext } from '../context';
import { drillById, scenarioOf } from '../read/drills';
import { commandDestinations, type Destination } from '../read/groups';
import { incidentById } from '../read/incidents';
import type { DrillInject } from '../playbook/schema';
import { sourceOfLink } from '../text';
import { clockTime } from '../time';
import { finishDrill } from '../write/drills';
import { enqueueCard, PRIORITY } from '../write/outbox';
import { touchIncident } from '../write/refresh-incident';
import { appendTimeline } from '../write/timeline';
import type { JobHandler } from './handlers';

const KIND_TITLE: Record<DrillInject['kind'], string> = { lead: '新线索', figures: '舆情数据', call: '来电', message: '情况通报' };

function systemContext(...[tx, core, , now]: Parameters<JobHandler>): VerbContext<SystemActor> {
  return { tx, core, now, actor: { member: null, name: '演练', platform: 'system' } };
}

export const fireDrillInject: JobHandler = (tx, core, job, now) => {
  const drill = drillById(tx, Number(job.subject.split(':')[1]));
  if (!drill || drill.endedAt !== null) return;
  const incident = incidentById(tx, drill.incidentId)!;
  if (incident.status === 'closed') return;
  const inject = scenarioOf(drill).injects[job.step];
  if (!inject) return;
  const ctx = systemContext(tx, core, job, now);
  let leadRef = '';
  if (inject.kind === 'lead') {
    const lead = tx
      .insert(leads)
      .values({
        incidentId: incident.id,
        source: inject.link ? sourceOfLink(inject.link) : '演练',
        link: inject.link ?? null,
        summary: inject.text,
        createdAt: now,
      })
      .returning()
      .get();
    leadRef = ` L${lead.id}`;
  }
  const card: Card = textCard(
    `${KIND_TITLE[inject.kind]}${leadRef} · ${incident.number}`,
    `【演练】${inject.from ? `${inject.from}：` : ''}${inject.text}${inject.link ? `\n${inject.link}` : ''}`,
    'warn',
  );
  card.blocks.push(fields([{ label: '演练情景', value: `第 ${job.step + 1} 条 · ${clockTime(now, core.timeZone)}` }]));
  const to = new Map<string, Destination>();
  for (const d of [...commandDestinations(tx), { platform: incident.originPlatform, chatId: incident.originChatId }])
    to.set(`${d.platform}\u0000${d.chatId}`, d);
  for (const d of to.values()) enqueueCard(tx, d, card, { now, priority: PRIORITY.warning });
  appendTimeline(ctx, {
    incidentId: incident.id,
    kind: 'drill_inject',
    text: `演练情景 ${job.step + 1}（${KIND_TITLE[inject.kind]}）：${inject.from ? `${inject.from}：` : ''}${inject.text}`,
    data: { drillId: drill.id, step: job.step, kind: inject.kind },
  });
  if (inject.kind === 'lead') touchIncident(ctx, incident.id);
};

export const fireDrillEnd: JobHandler = (tx, core, job, now) => {
  const drill = drillById(tx, Number(job.subject.split(':')[1]));
  if (!drill || drill.endedAt !== null) return;
  finishDrill(systemContext(tx, core, job, now), drill);
};
