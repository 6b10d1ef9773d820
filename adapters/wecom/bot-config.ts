// WECOM_BOT_* variables for WeCom's intelligent robot (智能机器人), the only official way to read
// @mentions in ordinary WeCom groups (docs/platforms/wecom.md §1). Two transports:
//   ws       — WeCom's own long connection (@wecom/aibot-node-sdk): needs the bot id and secret,
//              no public URL, and can post into groups by itself (sendMessage);
//   callback — WeCom POSTs encrypted JSON to /webhook/wecom/bot: needs Token and EncodingAESKey;
//              the bot can only answer (passively, or once through the message's response_url).
import { EnvError } from '../../src/config/env-checks';

export type WecomBotConfig = (
  { mode: 'ws'; botId: string; secret: string; wsUrl: string | undefined } | { mode: 'callback'; token: string; encodingAESKey: string }
) & {
  /** For group robot webhooks when the app is not configured: WECOM_API_BASE or the real API. */
  apiBase: string;
};

export const WECOM_BOT_VARIABLES = ['WECOM_BOT_ID', 'WECOM_BOT_SECRET', 'WECOM_BOT_MODE', 'WECOM_BOT_WS_URL', 'WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'] as const;

export function wecomBotConfigFrom(env: Record<string, string | undefined>): WecomBotConfig | undefined {
  const v = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (WECOM_BOT_VARIABLES.every((n) => v(n) === undefined)) return undefined;
  // The mode may be left out when only one transport's credentials are given.
  const mode = v('WECOM_BOT_MODE') ?? (v('WECOM_BOT_TOKEN') || v('WECOM_BOT_AES_KEY') ? 'callback' : 'ws');
  if (mode !== 'ws' && mode !== 'callback') throw new EnvError(`WECOM_BOT_MODE 只能是 ws（长连接，推荐）或 callback（回调 URL），现在是「${mode}」`);
  const need = (names: string[], where: string) => {
    const missing = names.filter((n) => v(n) === undefined);
    if (missing.length > 0)
      throw new EnvError(`企业微信智能机器人（${mode} 模式）配置不完整，缺少 ${missing.join('、')}。${where}；不用智能机器人就把 WECOM_BOT_* 全部留空。`);
  };
  const apiBase = (v('WECOM_API_BASE') ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '');
  if (mode === 'ws') {
    need(['WECOM_BOT_ID', 'WECOM_BOT_SECRET'], '在企业微信管理后台「智能机器人 → API 模式 → 长连接」里可以看到 Bot ID 和 Secret');
    return { mode, botId: v('WECOM_BOT_ID')!, secret: v('WECOM_BOT_SECRET')!, wsUrl: v('WECOM_BOT_WS_URL'), apiBase };
  }
  need(
    ['WECOM_BOT_TOKEN', 'WECOM_BOT_AES_KEY'],
    '在智能机器人「API 模式 → 接收消息」里设置 URL（https://你的域名/webhook/wecom/bot）并生成 Token 和 EncodingAESKey',
  );
  if (v('WECOM_BOT_AES_KEY')!.length !== 43) throw new EnvError('WECOM_BOT_AES_KEY 应为 43 个字符（智能机器人接收消息设置里的 EncodingAESKey）');
  return { mode, token: v('WECOM_BOT_TOKEN')!, encodingAESKey: v('WECOM_BOT_AES_KEY')!, apiBase };
}
