// Where the web workspace lives and whom it trusts: PUBLIC_URL (links and the allowed origin),
// whether the 演示模式 picker is on (DEMO_MODE), and the cookie's Secure flag. Decided once at
// start-up; a combination that would expose the picker or sign-in links wrongly stops start-up
// naming the variable to fix.
import { EnvError } from '../../config/env-checks';

export type DemoMode = 'auto' | 'true' | 'false';

export interface WebOptions {
  /** HOST: the address the server listens on. */
  host?: string | undefined;
  port?: number | undefined;
  /** PUBLIC_URL. */
  publicUrl?: string | undefined;
  /** DEMO_MODE. */
  demoMode?: DemoMode | undefined;
  /** SESSION_SECRET; absent → a secret generated once and kept in the database. */
  sessionSecret?: string | undefined;
}

export interface WebSettings {
  /** No trailing slash: http://localhost:8787, https://yq.example.cn. */
  publicUrl: string;
  /** PUBLIC_URL's origin: the only Origin a state change may come from (besides loopback, see guards). */
  origin: string;
  hostname: string;
  /** Listening on a loopback address: loopback Host names are accepted too. */
  loopback: boolean;
  /** The "我是…" picker (演示模式). */
  demo: boolean;
  /** Cookies marked Secure (PUBLIC_URL is https). */
  secure: boolean;
  sessionSecret: string | undefined;
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** A Host header naming this machine (browsers resolve *.localhost to loopback themselves). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h) || h.endsWith('.localhost');
}

/**
 * HOST, the address we listen on, is loopback only as a literal: a name like foo.localhost goes
 * to DNS or /etc/hosts here, and nothing makes it resolve to this machine.
 */
function listensOnLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

/** `platformsOn`: the platforms switched on besides the console. */
export function webSettings(options: WebOptions, platformsOn: readonly string[]): WebSettings {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8787;
  const loopback = listensOnLoopback(host);
  let publicUrl = options.publicUrl?.trim().replace(/\/+$/, '');
  if (!publicUrl) {
    if (!loopback)
      throw new EnvError(
        `PUBLIC_URL：HOST=${host} 让别的机器也能访问，必须设置 PUBLIC_URL 为大家访问工作台的地址（例如 https://yq.example.cn）。登录链接以它开头，只有来自它的请求才能改动数据。`,
      );
    publicUrl = `http://localhost:${port}`;
  }
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new EnvError(`PUBLIC_URL：「${publicUrl}」不是完整的网址，例如 https://yq.example.cn 或 http://localhost:8787`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EnvError(`PUBLIC_URL：只能是 http:// 或 https:// 开头的网址（现在是「${publicUrl}」）`);
  if (url.pathname !== '/' || url.search || url.hash) throw new EnvError(`PUBLIC_URL：只写到域名和端口，不带路径（现在是「${publicUrl}」）`);
  const mode = options.demoMode ?? 'auto';
  // Behind a reverse proxy the server listens on loopback but serves the world: PUBLIC_URL says which.
  const localOnly = loopback && isLoopback(url.hostname);
  if (mode === 'true' && loopback && !localOnly)
    throw new EnvError(
      `DEMO_MODE=true：演示模式下任何人都能在登录页选择身份；PUBLIC_URL=${url.origin} 说明工作台对外提供服务（例如在反向代理后面）。请去掉 DEMO_MODE，或把 PUBLIC_URL 改回本机地址。`,
    );
  if (mode === 'true' && !loopback)
    throw new EnvError(
      `DEMO_MODE=true：演示模式下任何人都能在登录页选择身份，只能在 HOST 为本机地址（127.0.0.1、localhost）时使用；现在 HOST=${host}。请去掉 DEMO_MODE 或改回本机地址。`,
    );
  if (mode === 'true' && platformsOn.length > 0)
    throw new EnvError(`DEMO_MODE=true：已配置聊天平台（${platformsOn.join('、')}），工作台要用真实身份登录（在聊天里发送「登录」）。请去掉 DEMO_MODE。`);
  const demo = (mode === 'true' || mode === 'auto') && localOnly && platformsOn.length === 0;
  if (options.sessionSecret !== undefined && options.sessionSecret.length < 32) throw new EnvError('SESSION_SECRET：至少 32 个字符（openssl rand -hex 32）');
  return {
    publicUrl: url.origin,
    origin: url.origin,
    hostname: url.hostname,
    loopback,
    demo,
    secure: url.protocol === 'https:',
    sessionSecret: options.sessionSecret,
  };
}
