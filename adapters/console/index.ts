// The web console: a simulated group chat at /console for trying the bot without any platform
// account. On unless CONSOLE_ENABLED=false.
import { parseBoolean } from '../../src/config/env-checks';
import { definePlatform } from '../platform';
import { consoleRoutes } from './routes';
import { consoleAdapter } from './send';
import { ConsoleStore } from './store';

export const consolePlatform = definePlatform({
  name: 'console',
  env: ['CONSOLE_ENABLED'],
  settingsFrom: (env) => (parseBoolean('CONSOLE_ENABLED', env.CONSOLE_ENABLED, true) ? {} : undefined),
  create(_settings: Record<string, never>, deps) {
    const store = new ConsoleStore();
    return { adapter: consoleAdapter(store, deps.clock), routes: new Map([['/console', consoleRoutes(store, deps)]]), store };
  },
});
