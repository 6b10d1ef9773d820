// Wechaty: a WeChat/WeCom account driven through a puppet. On when WECHATY_PUPPET is set.
import { definePlatform } from '../platform';
import { WECHATY_VARIABLES, wechatyConfigFrom } from './config';
import { createWechaty, type WechatySetup } from './create';

export const wechatyPlatform = definePlatform({
  name: 'wechaty',
  env: WECHATY_VARIABLES,
  settingsFrom(env): WechatySetup | undefined {
    const config = wechatyConfigFrom(env);
    return config && { config };
  },
  create: createWechaty,
});
