// The HTTP surface: health, and every route the platforms and APIs mount (webhooks, the console).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { eq, sql } from 'drizzle-orm';
import { outbox } from '../db/schema';
import type { Core } from '../core/context';
import type { Logger } from '../logger';

const MAX_BODY = 1024 * 1024;

export interface AppDeps {
  core: Core;
  logger: Logger;
  /** Mount path → routes. */
  routes: ReadonlyMap<string, Hono>;
  /** Where `/` leads (the console when it is on). */
  home: string | undefined;
}

export function buildApp(deps: AppDeps): Hono {
  const app = new Hono();
  const tooLarge = (c: Context) => c.json({ error: '请求体超过 1 MB' }, 413);
  const streamingLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  // A declared length is checked for free; only chunked bodies need the (costlier) counting stream.
  app.use('*', async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined) return streamingLimit(c, next);
    if (Number(declared) > MAX_BODY) return tooLarge(c);
    await next();
  });

  app.get('/healthz', (c) => {
    const count = (status: 'pending' | 'dead') =>
      deps.core.db.select({ n: sql<number>`count(*)` }).from(outbox).where(eq(outbox.status, status)).get()?.n ?? 0;
    return c.json({ ok: true, outbox: { pending: count('pending'), dead: count('dead') } });
  });

  for (const [path, routes] of deps.routes) app.route(path, routes);
  const home = deps.home;
  if (home) app.get('/', (c) => c.redirect(home));

  app.notFound((c) => c.json({ error: `没有这个地址：${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    const errorId = Math.random().toString(36).slice(2, 10);
    deps.logger.error({ err, errorId, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: `服务器内部错误（编号 ${errorId}），请联系管理员查看日志` }, 500);
  });
  return app;
}
