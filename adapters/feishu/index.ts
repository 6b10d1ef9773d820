// Feishu/Lark (飞书): events and card callbacks by webhook or the SDK's long connection; cards
// sent and updated through the Open API. On when FEISHU_* is set (see config.ts). The SDK is
// imported only then (create.ts, behind loadedWhenOn).
import { definePlatform, loadedWhenOn } from '../platform';
import { FEISHU_VARIABLES, feishuConfigFrom, type FeishuConfig } from './config';
import type { Feishu } from './create';

export const feishuPlatform = definePlatform({
  name: 'feishu',
  env: FEISHU_VARIABLES,
  settingsFrom: feishuConfigFrom,
  ...loadedWhenOn<FeishuConfig, Feishu>('feishu', async () => (await import('./create')).createFeishu),
});
