// WeCom (企业微信): the self-built app, the intelligent robot and group robots, delivering as one
// platform `wecom`. Each part is on when its variables are set (config.ts, bot-config.ts); the
// robot's SDK is imported only when WeCom is on (create.ts, behind loadedWhenOn).
import { definePlatform, loadedWhenOn } from '../platform';
import { wecomBotConfigFrom, WECOM_BOT_VARIABLES } from './bot-config';
import { wecomAppConfigFrom, WECOM_APP_VARIABLES } from './config';
import type { Wecom, WecomSettings } from './create';

export const wecomPlatform = definePlatform({
  name: 'wecom',
  env: [...WECOM_APP_VARIABLES, ...WECOM_BOT_VARIABLES, 'WECOM_API_BASE'],
  settingsFrom(env): WecomSettings | undefined {
    const app = wecomAppConfigFrom(env);
    const bot = wecomBotConfigFrom(env);
    return app || bot ? { app, bot } : undefined;
  },
  ...loadedWhenOn<WecomSettings, Wecom>('wecom', async () => (await import('./create')).createWecom),
});
