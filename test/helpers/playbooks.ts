// Playbooks for tests that are about something other than what they switch off.
import { loadYamlFile } from '../../src/config/load-yaml';
import { playbookSchema, type Playbook } from '../../src/core/playbook/schema';

/** The shipped playbook, with 结案 waiting for neither a signed review nor an observation period. */
export function closeAtOnce(): Playbook {
  const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
  playbook.review.requiredFor = [];
  for (const level of Object.keys(playbook.review.observeMinutes) as (keyof Playbook['review']['observeMinutes'])[]) playbook.review.observeMinutes[level] = 0;
  return playbook;
}
