// FEISHU_* variables: none set → the adapter is off; half set → start-up stops naming what is missing;
// webhook mode without an Encrypt Key → start-up stops unless FEISHU_ALLOW_UNENCRYPTED=true.
import { EnvError } from '../../src/config/env-checks';

export interface FeishuConfig {
  appId: string;
  appSecret: string;
  encryptKey: string | undefined;
  verificationToken: string | undefined;
  /** An SDK domain: https://open.feishu.cn (default), https://open.larksuite.com, or a test server. */
  domain: string;
  mode: 'webhook' | 'ws';
  /** How long one Open API call may take before it is abandoned and retried (uuid keeps it single). */
  httpTimeoutMs?: number | undefined;
  /** Waits before restarting a long connection the SDK gave up on (default: long-connection.ts). */
  restartDelaysMs?: readonly number[] | undefined;
}

/** What the SDK's WSClient.start accepts; any other app id makes it log once and do nothing. */
const APP_ID_SHAPE = /^cli_[0-9a-fA-F]{16}$/;

const DOMAINS: Record<string, string> = { feishu: 'https://open.feishu.cn', lark: 'https://open.larksuite.com' };

export const FEISHU_VARIABLES = [
  'FEISHU_APP_ID',
  'FEISHU_APP_SECRET',
  'FEISHU_ENCRYPT_KEY',
  'FEISHU_VERIFICATION_TOKEN',
  'FEISHU_ALLOW_UNENCRYPTED',
  'FEISHU_DOMAIN',
  'FEISHU_MODE',
] as const;

export function feishuConfigFrom(env: Record<string, string | undefined>): FeishuConfig | undefined {
  const v = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (FEISHU_VARIABLES.every((n) => v(n) === undefined)) return undefined;

  const mode = v('FEISHU_MODE') ?? 'webhook';
  if (mode !== 'webhook' && mode !== 'ws') throw new EnvError(`FEISHU_MODE 只能是 webhook 或 ws（现在是「${mode}」）`);
  const required = ['FEISHU_APP_ID', 'FEISHU_APP_SECRET', ...(mode === 'webhook' ? ['FEISHU_VERIFICATION_TOKEN'] : [])];
  const missing = required.filter((n) => v(n) === undefined);
  if (missing.length > 0) {
    throw new EnvError(
      `飞书配置不完整，缺少 ${missing.join('、')}。` +
        `在飞书开放平台「凭证与基础信息」找 App ID / App Secret，在「事件与回调 → 加密策略」找 Verification Token 和 Encrypt Key；` +
        `不用飞书就把 FEISHU_* 全部留空。`,
    );
  }
  const allowUnencrypted = v('FEISHU_ALLOW_UNENCRYPTED') ?? 'false';
  if (allowUnencrypted !== 'true' && allowUnencrypted !== 'false')
    throw new EnvError(`FEISHU_ALLOW_UNENCRYPTED 只能是 true 或 false（现在是「${allowUnencrypted}」）`);
  // Without an Encrypt Key nothing Feishu sends is signed: anyone who learns the token can post
  // events. Only on purpose (a test tenant, a trusted network), never by leaving a line empty.
  if (mode === 'webhook' && v('FEISHU_ENCRYPT_KEY') === undefined && allowUnencrypted !== 'true') {
    throw new EnvError(
      `飞书 webhook 模式没有设置 FEISHU_ENCRYPT_KEY：请求既不加密也不签名，只能核对 Verification Token 和事件时间。` +
        `请在开放平台「事件与回调 → 加密策略」设置 Encrypt Key 并填到 FEISHU_ENCRYPT_KEY；确实要不加密运行时，设置 FEISHU_ALLOW_UNENCRYPTED=true。`,
    );
  }
  if (mode === 'ws' && !APP_ID_SHAPE.test(v('FEISHU_APP_ID')!))
    throw new EnvError(
      `FEISHU_APP_ID 应是 cli_ 加 16 位十六进制字符（例如 cli_a1b2c3d4e5f60718），现在是「${v('FEISHU_APP_ID')}」：长连接模式下 SDK 不接受其他形式，机器人会收不到任何消息。请从开放平台「凭证与基础信息」复制 App ID。`,
    );
  const domainSetting = v('FEISHU_DOMAIN') ?? 'feishu';
  const domain = DOMAINS[domainSetting] ?? domainSetting;
  if (!/^https?:\/\//.test(domain)) throw new EnvError(`FEISHU_DOMAIN 只能是 feishu、lark 或以 http(s):// 开头的地址（现在是「${domainSetting}」）`);
  return {
    appId: v('FEISHU_APP_ID')!,
    appSecret: v('FEISHU_APP_SECRET')!,
    encryptKey: v('FEISHU_ENCRYPT_KEY'),
    verificationToken: v('FEISHU_VERIFICATION_TOKEN'),
    domain: domain.replace(/\/+$/, ''),
    mode,
  };
}
