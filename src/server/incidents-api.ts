// GET /api/incidents and /api/incidents/:ref for dashboards and other systems, behind the admin
// token (Authorization: Bearer <API_ADMIN_TOKEN>). Unset → every request is refused (fail closed).
import { Hono, type Context } from 'hono';
import type { Core } from '../core/context';
import { incidentDetail, incidentList, type IncidentFilter } from '../core/read/api-view';
import { incidentByNumber } from '../core/read/incidents';
import { readReviewView, reviewOfIncident } from '../core/read/reviews';
import { bearerToken, sameSecret } from './bearer';
import { reviewDocxResponse } from './review-document';

const FILTERS: readonly IncidentFilter[] = ['open', 'closed', 'all'];

export function incidentsApi(deps: { core: Core; adminToken: string | undefined }): Hono {
  const app = new Hono();
  // Checked in each handler: a sub-app's `use('*')` does not cover its mount point itself.
  const refuse = (c: Context) => {
    if (!deps.adminToken) return c.json({ error: '管理接口未启用：请设置 API_ADMIN_TOKEN' }, 403);
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented) return c.json({ error: '缺少凭证：请在 Authorization: Bearer <令牌> 中携带 API_ADMIN_TOKEN' }, 401);
    if (!sameSecret(presented, deps.adminToken)) return c.json({ error: '管理令牌无效' }, 401);
    return undefined;
  };

  app.get('/', (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const status = (c.req.query('status') ?? 'all') as IncidentFilter;
    if (!FILTERS.includes(status)) return c.json({ error: `status：只能是 ${FILTERS.join('、')}` }, 400);
    const limit = numberParam(c.req.query('limit'), 50, 500);
    if (limit === undefined) return c.json({ error: 'limit：要是 1 到 500 之间的整数' }, 400);
    return c.json({ incidents: incidentList(deps.core.db, deps.core, status, limit) });
  });

  // The review (总结评估) of one incident: its figures, notes and signature; and as a Word document.
  app.get('/:ref/review', (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const incident = incidentByNumber(deps.core.db, c.req.param('ref'));
    const review = incident ? reviewOfIncident(deps.core.db, incident.id) : undefined;
    if (!incident || !review) return c.json({ error: `「${c.req.param('ref')}」没有总结评估：用事件编号（YQ-20261121-001），评估在平息或结案时开启` }, 404);
    const view = readReviewView(deps.core.db, deps.core, incident, review, deps.core.clock.now());
    return c.json({
      number: incident.number,
      status: review.status,
      summary: review.summary,
      signer: view.signer,
      signedAt: review.signedAt,
      figures: view.figures,
      notes: view.notes,
      score: view.score,
    });
  });

  app.get('/:ref/review.docx', async (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const incident = incidentByNumber(deps.core.db, c.req.param('ref'));
    if (!incident) return c.json({ error: `没有事件「${c.req.param('ref')}」：用事件编号（YQ-20261121-001）` }, 404);
    return reviewDocxResponse(c, deps.core, incident, deps.core.clock.now());
  });

  app.get('/:ref', (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const leadLimit = numberParam(c.req.query('leads'), 200, 5000);
    if (leadLimit === undefined) return c.json({ error: 'leads：要是 1 到 5000 之间的整数' }, 400);
    const detail = incidentDetail(deps.core.db, deps.core, c.req.param('ref'), leadLimit);
    if (!detail) return c.json({ error: `没有事件「${c.req.param('ref')}」：用事件编号（YQ-20261121-001）或 id` }, 404);
    return c.json(detail);
  });
  return app;
}

function numberParam(raw: string | undefined, fallback: number, max: number): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
}
