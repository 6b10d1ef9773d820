// What stands between the network and everything a person uses (the workspace and the console):
// the Host check (DNS rebinding), and the cross-site checks on every state change. Webhooks, the
// token-authenticated machine APIs and /healthz are exempt: they authenticate each request
// themselves and are called by machines, not browsers.
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { ServerEnv } from './session';
import { isLoopback, type WebSettings } from './settings';

/** Paths that are not the workspace's: their own authentication, no browser session. */
export function isMachinePath(path: string): boolean {
  return (
    path === '/healthz' ||
    path === '/metrics' ||
    path.startsWith('/webhook/') ||
    path === '/api/signals' ||
    path.startsWith('/api/signals/') ||
    path === '/api/incidents' ||
    path.startsWith('/api/incidents/') ||
    path === '/api/archive' ||
    path.startsWith('/api/archive/')
  );
}

/** The sign-in forms: a plain HTML form post (no session yet), still checked for its Origin. */
export function isSignInForm(method: string, path: string): boolean {
  return method === 'POST' && (path === '/login/demo' || /^\/login\/[A-Za-z0-9_-]{20,100}$/.test(path));
}

const SAFE = /^(GET|HEAD|OPTIONS)$/;

/** A browser reaching us under a name that is not ours (DNS rebinding) is refused. */
export function hostGuard(web: WebSettings): MiddlewareHandler {
  return async (c, next) => {
    if (isMachinePath(c.req.path)) return next();
    // The request URL's host is the Host header (node-server builds the URL from it).
    const hostname = new URL(c.req.url).hostname.toLowerCase();
    const ours = hostname === web.hostname.toLowerCase() || (web.loopback && isLoopback(hostname));
    if (!ours) return c.text(`这个地址不属于烽火工作台（Host：${hostname}）。请用 ${web.publicUrl} 访问。`, 421);
    await next();
  };
}

/** The origins a state change may come from: PUBLIC_URL's, and on loopback the page's own loopback origin. */
export function allowedOrigin(web: WebSettings, origin: string | undefined, c: Context): boolean {
  if (!origin) return false;
  if (origin === web.origin) return true;
  const own = new URL(c.req.url);
  return web.loopback && isLoopback(own.hostname) && origin === own.origin;
}

/**
 * Cross-site checks for every unsafe request to the workspace and the console. hono's csrf
 * middleware refuses cross-site *form-like* bodies (form, multipart, text/plain — what a page on
 * another site can send without a CORS preflight) by Origin or Sec-Fetch-Site; it deliberately
 * lets other content types through and lets either header vouch alone. Ours is the rest: an Origin
 * must be present and ours, Sec-Fetch-Site (when the browser sends it) must be same-origin, and the
 * body must be JSON — except the sign-in forms, which are plain form posts with the right Origin.
 */
export function crossSiteGuard(web: WebSettings): MiddlewareHandler<ServerEnv>[] {
  const library = csrf({ origin: (origin, c) => allowedOrigin(web, origin, c), secFetchSite: 'same-origin' });
  const ours: MiddlewareHandler<ServerEnv> = async (c, next) => {
    if (SAFE.test(c.req.method) || isMachinePath(c.req.path)) return next();
    if (!allowedOrigin(web, c.req.header('origin'), c)) return c.json({ error: '跨站请求被拒绝：请从烽火工作台的页面操作' }, 403);
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin') return c.json({ error: '跨站请求被拒绝：请从烽火工作台的页面操作' }, 403);
    if (isSignInForm(c.req.method, c.req.path)) return next();
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return c.json({ error: '请求体要是 JSON（Content-Type: application/json）' }, 415);
    // Every other change is made by someone signed in; the console checks again on its own.
    if (!c.get('visit')) return c.json({ error: '请先登录工作台' }, 401);
    await next();
  };
  const library403: MiddlewareHandler = async (c, next) => {
    if (SAFE.test(c.req.method) || isMachinePath(c.req.path)) return next();
    // Run as a check only (a no-op next): a route's own error must not turn into a 403 here.
    let passed = false;
    try {
      await library(c, async () => {
        passed = true;
      });
    } catch {
      passed = false;
    }
    if (!passed) return c.json({ error: '跨站请求被拒绝：请从烽火工作台的页面操作' }, 403);
    await next();
  };
  return [library403, ours];
}
