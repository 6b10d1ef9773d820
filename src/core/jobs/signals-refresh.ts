// The end-of-minute card refresh a busy topic stored (signals/refresh-cards.ts): the incident's
// cards catch up with the signals of that minute, unless it has closed since.
import { incidentById } from '../read/incidents';
import { touchIncident } from '../write/refresh-incident';
import type { JobHandler } from './handlers';

export const fireSignalsRefresh: JobHandler = (tx, core, job, now) => {
  const incident = incidentById(tx, Number(job.subject.split(':')[1]));
  if (incident && incident.status !== 'closed') touchIncident({ tx, core, now }, incident.id);
};
