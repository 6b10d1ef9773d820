// Who may push signals: SIGNALS_TOKENS (a token per sender, `name=token,name=token`) and/or
// SIGNALS_HMAC_SECRET (requests signed over their raw body). Neither set → the endpoint refuses
// everything (fail closed). Mistakes stop start-up with the variable named.
import { EnvError } from '../../config/env';

export interface SignalsAuthConfig {
  /** Sender name → token. */
  tokens: ReadonlyMap<string, string>;
  hmacSecret: string | undefined;
  /** Signed requests older or newer than this are refused (replay). */
  toleranceSeconds: number;
}

const MIN_SECRET = 16;

export function signalsAuthFrom(env: Record<string, string | undefined>): SignalsAuthConfig {
  const tokens = new Map<string, string>();
  const raw = env.SIGNALS_TOKENS?.trim();
  if (raw) {
    for (const entry of raw
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const eq = entry.indexOf('=');
      const name = eq > 0 ? entry.slice(0, eq).trim() : '';
      const token = eq > 0 ? entry.slice(eq + 1).trim() : '';
      if (!/^[\w.-]{1,64}$/.test(name))
        throw new EnvError(`SIGNALS_TOKENS：每一项写成「名称=令牌」，名称用字母数字、点、横线或下划线（第 ${tokens.size + 1} 项不对）`);
      if (token.length < MIN_SECRET) throw new EnvError(`SIGNALS_TOKENS：「${name}」的令牌太短，至少 ${MIN_SECRET} 个字符（可用 openssl rand -hex 24 生成）`);
      if (tokens.has(name)) throw new EnvError(`SIGNALS_TOKENS：名称「${name}」重复了`);
      tokens.set(name, token);
    }
  }
  const hmacSecret = env.SIGNALS_HMAC_SECRET?.trim() || undefined;
  if (hmacSecret !== undefined && hmacSecret.length < MIN_SECRET) throw new EnvError(`SIGNALS_HMAC_SECRET：密钥太短，至少 ${MIN_SECRET} 个字符`);
  return { tokens, hmacSecret, toleranceSeconds: 300 };
}

export function adminTokenFrom(env: Record<string, string | undefined>): string | undefined {
  const token = env.API_ADMIN_TOKEN?.trim() || undefined;
  if (token !== undefined && token.length < MIN_SECRET) throw new EnvError(`API_ADMIN_TOKEN：令牌太短，至少 ${MIN_SECRET} 个字符`);
  return token;
}
