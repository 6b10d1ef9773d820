// Wechaty: a WeChat/WeCom account driven through a puppet. On when WECHATY_PUPPET is set; wechaty
// itself is imported only then (create.ts, behind loadedWhenOn).
import { definePlatform, loadedWhenOn } from '../platform';
import { WECHATY_VARIABLES, wechatyConfigFrom } from './config';
import type { WechatyBot, WechatySetup } from './create';

export const wechatyPlatform = definePlatform({
  name: 'wechaty',
  env: WECHATY_VARIABLES,
  settingsFrom(env): WechatySetup | undefined {
    const config = wechatyConfigFrom(env);
    return config && { config };
  },
  ...loadedWhenOn<WechatySetup, WechatyBot>('wechaty', async () => (await import('./create')).createWechaty),
});
