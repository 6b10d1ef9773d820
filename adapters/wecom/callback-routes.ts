// The routes every WeCom callback URL has, app and intelligent robot alike: GET answers the URL
// check with the decrypted echostr, exactly (no quotes, no newline: WeCom compares it byte for
// byte, within 1 s); POST is verified and decrypted before `onVerified` sees it. Both are refused
// when their signed timestamp is outside the window (verify.ts). A refusal tells the caller only
// "bad request" or "unauthorised"; the reason goes to our log. WeCom's timestamps are wall-clock
// time, so they are compared with the wall clock, not the bot's (a test's may be pinned).
import { Hono, type Context } from 'hono';
import type { Logger } from '../../src/logger';
import { verifyUrl, type Checked, type WecomSecrets } from './verify';

export function wecomCallbackRoutes(
  secrets: WecomSecrets,
  verifyBody: (query: Record<string, string | undefined>, rawBody: string, secrets: WecomSecrets, now: number) => Checked,
  onVerified: (plaintext: string, c: Context) => Response | Promise<Response>,
  log: Logger,
): Hono {
  const routes = new Hono();
  const refuse = (c: Context, what: string, checked: Extract<Checked, { ok: false }>) => {
    log.warn({ reason: checked.reason }, `wecom: ${what} refused`);
    return c.text(checked.status === 400 ? 'bad request' : 'unauthorised', checked.status);
  };
  routes.get('/', (c) => {
    const checked = verifyUrl(c.req.query(), secrets, Date.now());
    if (!checked.ok) return refuse(c, 'URL check', checked);
    return c.body(checked.plaintext, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
  routes.post('/', async (c) => {
    const checked = verifyBody(c.req.query(), await c.req.text(), secrets, Date.now());
    if (!checked.ok) return refuse(c, 'callback', checked);
    return onVerified(checked.plaintext, c);
  });
  return routes;
}
