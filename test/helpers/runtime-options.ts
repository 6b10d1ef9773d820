// The runtime options shared by benchmarks and worker processes: the shipped organisation and
// playbook, the system clock, Asia/Shanghai, silent logs. Each caller adds what it is about.
import { systemClock } from '../../src/core/clock';
import { createLogger } from '../../src/logger';
import type { RuntimeOptions } from '../../src/runtime';

export function quietRuntimeOptions(databaseFile: string, extra: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    databaseFile,
    organisation: { file: 'config/organisation.yaml' },
    playbook: { file: 'config/playbook.yaml' },
    clock: systemClock,
    timeZone: 'Asia/Shanghai',
    botName: '烽火',
    logger: createLogger('silent'),
    ...extra,
  };
}
