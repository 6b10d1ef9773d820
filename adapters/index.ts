// Every platform the bot can live on. A new platform is a folder adapters/<name>/ whose index.ts
// exports a definePlatform(…) definition, and one line here.
import { consolePlatform } from './console/index';
import { feishuPlatform } from './feishu/index';
import { wechatyPlatform } from './wechaty/index';
import { wecomPlatform } from './wecom/index';

export const PLATFORMS = [consolePlatform, feishuPlatform, wecomPlatform, wechatyPlatform] as const;

export type Platforms = typeof PLATFORMS;
