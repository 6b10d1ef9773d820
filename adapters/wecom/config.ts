// WECOM_* variables for the self-built app: none set → off; some set → all five are needed.
import { EnvError } from '../../src/config/env-checks';

export interface WecomAppConfig {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAESKey: string;
  /** https://qyapi.weixin.qq.com by default; tests point it at the fake. */
  apiBase: string;
}

export const WECOM_APP_VARIABLES = ['WECOM_CORP_ID', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const;

export function wecomAppConfigFrom(env: Record<string, string | undefined>): WecomAppConfig | undefined {
  const v = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  if (WECOM_APP_VARIABLES.every((n) => v(n) === undefined)) return undefined;
  const missing = WECOM_APP_VARIABLES.filter((n) => v(n) === undefined);
  if (missing.length > 0)
    throw new EnvError(
      `企业微信自建应用配置不完整，缺少 ${missing.join('、')}。CorpID 在「我的企业」，AgentId/Secret 在应用详情，Token/EncodingAESKey 在「接收消息 → 设置API接收」；不用企业微信就全部留空。`,
    );
  const agentId = Number(v('WECOM_AGENT_ID'));
  if (!Number.isInteger(agentId)) throw new EnvError(`WECOM_AGENT_ID 要是数字（应用详情里的 AgentId），现在是「${v('WECOM_AGENT_ID')}」`);
  if (v('WECOM_AES_KEY')!.length !== 43) throw new EnvError('WECOM_AES_KEY 应为 43 个字符（接收消息设置里的 EncodingAESKey）');
  return {
    corpId: v('WECOM_CORP_ID')!,
    agentId,
    secret: v('WECOM_SECRET')!,
    token: v('WECOM_TOKEN')!,
    encodingAESKey: v('WECOM_AES_KEY')!,
    apiBase: (v('WECOM_API_BASE') ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, ''),
  };
}
