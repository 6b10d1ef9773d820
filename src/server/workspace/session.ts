// The session cookie: set when a link is redeemed (or the demo picker used), read on every request
// to the workspace and the console. hono/cookie signs it (HMAC) with SESSION_SECRET or a secret
// kept in the database; inside is the session token, whose SHA-256 is what the table holds.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { WebVisitor } from '../../../adapters/platform';
import type { Core } from '../../core/context';
import { SESSION_MAX_MS, sessionById, sessionLive } from '../../core/read/sessions';
import { sessionOf, type SignedIn } from '../../core/system/sign-in';
import { isMachinePath } from './guards';
import type { WebSettings } from './settings';

/**
 * Over https the cookie takes the __Host- prefix: the browser then accepts it only with Secure,
 * Path=/ and no Domain, so a sibling subdomain cannot plant its own (login CSRF by cookie tossing).
 */
export function cookieName(web: Pick<WebSettings, 'secure'>): string {
  return web.secure ? '__Host-fenghuo_session' : 'fenghuo_session';
}

export type Visit = Omit<SignedIn, 'token'>;

/** The hono context of the workspace: the adapters' view (visitor) and ours (the session and member). */
export interface ServerEnv {
  Variables: { visitor?: WebVisitor | undefined; visit?: Visit | undefined };
}

export function sessionMiddleware(deps: { core: Core; web: WebSettings; secret: string }): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    if (isMachinePath(c.req.path)) return next();
    const token = await getSignedCookie(c, deps.secret, cookieName(deps.web));
    const found = typeof token === 'string' && token ? sessionOf(deps.core.db, deps.core, token) : undefined;
    // A session the demo picker opened is worth nothing once the picker is off (a platform connected).
    const visit = found?.session.via === 'demo' && !deps.web.demo ? undefined : found;
    if (visit) {
      c.set('visit', visit);
      const sessionId = visit.session.id;
      const signedIn = () => sessionLive(sessionById(deps.core.db, sessionId), deps.core.clock.now());
      c.set('visitor', { consoleId: visit.consoleId, name: visit.member.name, demo: visit.session.via === 'demo', signedIn });
    }
    await next();
  };
}

export async function setSessionCookie(c: Context, deps: { web: WebSettings; secret: string }, token: string): Promise<void> {
  await setSignedCookie(c, cookieName(deps.web), token, deps.secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.web.secure,
    path: '/',
    maxAge: Math.floor(SESSION_MAX_MS / 1000),
  });
}

export function clearSessionCookie(c: Context, web: WebSettings): void {
  deleteCookie(c, cookieName(web), { path: '/', secure: web.secure, httpOnly: true, sameSite: 'Lax' });
}
