// WECHATY_* variables: no puppet named → the adapter is off. The puppet is an npm package that
// Wechaty loads by name; wechaty-puppet-service (e.g. WorkPro for WeCom, docs/platforms/wechaty.md) cannot
// connect without its token and endpoint, so that combination is checked here rather than failing
// later. The token is a secret: redact() keeps it out of every log line.
import { EnvError } from '../../src/config/env-checks';

export interface WechatyConfig {
  /** The puppet package, e.g. wechaty-puppet-service or wechaty-puppet-wechat4u. */
  puppet: string;
  /** WECHATY_PUPPET_SERVICE_TOKEN; only puppet services use it. */
  token: string | undefined;
  /** WECHATY_PUPPET_SERVICE_ENDPOINT (host:port): where the puppet service listens. */
  endpoint: string | undefined;
}

export const SERVICE_PUPPET = 'wechaty-puppet-service';

export const WECHATY_VARIABLES = ['WECHATY_PUPPET', 'WECHATY_PUPPET_SERVICE_TOKEN', 'WECHATY_PUPPET_SERVICE_ENDPOINT'] as const;

/** An npm package name, scoped or not: what Wechaty can import. */
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

export function wechatyConfigFrom(env: Record<string, string | undefined>): WechatyConfig | undefined {
  const v = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const puppet = v('WECHATY_PUPPET');
  const token = v('WECHATY_PUPPET_SERVICE_TOKEN');
  const endpoint = v('WECHATY_PUPPET_SERVICE_ENDPOINT');
  if (puppet === undefined) {
    if (token === undefined) return undefined;
    throw new EnvError(
      `设置了 WECHATY_PUPPET_SERVICE_TOKEN，但没有设置 WECHATY_PUPPET。用 puppet 服务（如企业微信 WorkPro）请写 WECHATY_PUPPET=${SERVICE_PUPPET}；不用 Wechaty 就把两项都留空。`,
    );
  }
  if (!PACKAGE_NAME.test(puppet)) throw new EnvError(`WECHATY_PUPPET 要写 puppet 的 npm 包名，例如 ${SERVICE_PUPPET}（现在是「${puppet}」）`);
  if (puppet === SERVICE_PUPPET && token === undefined) {
    throw new EnvError(`WECHATY_PUPPET=${SERVICE_PUPPET} 需要 WECHATY_PUPPET_SERVICE_TOKEN（puppet 服务商提供的 token），请在 .env 里填写。`);
  }
  // Without an endpoint the service looks the token up at api.chatie.io; with the @grpc/grpc-js
  // that wechaty 1.20 installs, that lookup throws outside any handler and kills the process
  // (wechaty-token calls a resolver API grpc-js 1.14 removed). The endpoint skips the lookup.
  if (puppet === SERVICE_PUPPET && endpoint === undefined) {
    throw new EnvError(`WECHATY_PUPPET=${SERVICE_PUPPET} 需要 WECHATY_PUPPET_SERVICE_ENDPOINT（puppet 服务的地址，形如 1.2.3.4:8788，向服务商索取）。`);
  }
  return { puppet, token, endpoint };
}

/** Replaces the token wherever it appears (puppet errors quote it), so no log line carries it. */
export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join('***') : text;
}
