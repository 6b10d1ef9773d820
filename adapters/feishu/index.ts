// Feishu/Lark (飞书): events and card callbacks by webhook or the SDK's long connection; cards
// sent and updated through the Open API. On when FEISHU_* is set (see config.ts).
import { definePlatform } from '../platform';
import { FEISHU_VARIABLES, feishuConfigFrom } from './config';
import { createFeishu } from './create';

export const feishuPlatform = definePlatform({
  name: 'feishu',
  env: FEISHU_VARIABLES,
  settingsFrom: feishuConfigFrom,
  create: createFeishu,
});
