// The HTTP surface: health, every route the platforms and APIs mount (webhooks, the console), and
// the web workspace behind sign-in. Order matters: body limit → Host check → session → cross-site
// checks → routes. Webhooks and the token APIs pass the workspace's checks untouched (guards.ts).
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Core } from '../core/context';
import type { Inbound } from '../core/inbound/index';
import type { Logger } from '../logger';
import type { HealthMonitor } from '../ops/health';
import { bearerToken, sameSecret } from './bearer';
import type { Metrics } from './metrics';
import { crossSiteGuard, hostGuard } from './workspace/guards';
import { sessionMiddleware, type ServerEnv } from './workspace/session';
import type { WebSettings } from './workspace/settings';
import { workspaceRoutes } from './workspace/routes';

const MAX_BODY = 1024 * 1024;

export interface AppDeps {
  core: Core;
  inbound: Inbound;
  logger: Logger;
  /** Mount path → routes. */
  routes: ReadonlyMap<string, Hono<any>>;
  web: WebSettings;
  sessionSecret: string;
  ops: {
    health: HealthMonitor;
    metrics: Metrics;
    /** Mount path → the platform whose routes they are (webhook metrics). */
    routePlatforms: ReadonlyMap<string, string>;
    /** Why nothing may be changed now (the database file is gone); undefined when all is well. */
    unavailable(): string | undefined;
    metricsToken: string | undefined;
  };
}

/** Answered even when the database is gone: they are how people find out. */
const ALWAYS = new Set(['/healthz', '/metrics']);

export function buildApp(deps: AppDeps): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const tooLarge = (c: Context) => c.json({ error: '请求体超过 1 MB' }, 413);
  const streamingLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  // A declared length is checked for free; only chunked bodies need the (costlier) counting stream.
  app.use('*', async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined) return streamingLimit(c, next);
    if (Number(declared) > MAX_BODY) return tooLarge(c);
    await next();
  });
  // The database file was deleted or replaced: nothing is taken in (a platform delivers a 503'd
  // webhook again later), so nothing is written into a file that is gone.
  app.use('*', async (c, next) => {
    const why = ALWAYS.has(c.req.path) ? undefined : deps.ops.unavailable();
    if (why) return c.json({ error: why }, 503);
    await next();
  });
  app.use('*', async (c, next) => {
    await next();
    const mount = [...deps.ops.routePlatforms.keys()].find((path) => c.req.path === path || c.req.path.startsWith(`${path}/`));
    if (mount) deps.ops.metrics.webhookRequest(deps.ops.routePlatforms.get(mount)!, c.res.status);
  });
  app.use('*', hostGuard(deps.web));
  app.use('*', sessionMiddleware({ core: deps.core, web: deps.web, secret: deps.sessionSecret }));
  app.use('*', ...crossSiteGuard(deps.web));

  app.get('/healthz', (c) => {
    const report = deps.ops.health.report();
    return c.json(report, report.ok ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    const token = deps.ops.metricsToken;
    if (token !== undefined && !sameSecret(bearerToken(c.req.header('authorization')) ?? '', token))
      return c.json({ error: '需要 Authorization: Bearer <METRICS_TOKEN>' }, 401);
    const registry = deps.ops.metrics.registry();
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  });

  app.route(
    '/',
    workspaceRoutes({
      core: deps.core,
      inbound: deps.inbound,
      web: deps.web,
      secret: deps.sessionSecret,
      logger: deps.logger,
      consoleOn: deps.routes.has('/console'),
    }),
  );
  for (const [path, routes] of deps.routes) app.route(path, routes);

  app.notFound((c) => c.json({ error: `没有这个地址：${c.req.method} ${c.req.path}` }, 404));
  app.onError((err, c) => {
    // The client hung up before its body arrived (a platform's timeout, a closed tab): nothing to
    // answer and nothing wrong with us. Not an error; a debug line.
    if (clientWentAway(err, c.req.raw.signal)) {
      deps.logger.debug({ method: c.req.method, path: c.req.path }, 'client went away before the request was read');
      return c.body(null, 499 as never);
    }
    const errorId = Math.random().toString(36).slice(2, 10);
    deps.logger.error({ err, errorId, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json({ error: `服务器内部错误（编号 ${errorId}），请联系管理员查看日志` }, 500);
  });
  return app;
}

function clientWentAway(err: Error, signal: AbortSignal): boolean {
  const code = (err as { code?: string }).code;
  return signal.aborted || (err.message === 'aborted' && code === 'ECONNRESET') || code === 'ERR_STREAM_PREMATURE_CLOSE';
}
