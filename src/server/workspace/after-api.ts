// The workspace's JSON API for what comes after an incident (/workspace/api/…): an incident's review
// (总结评估) and its document, the 台账 with its Excel export, and the accountability list (迟报).
// Reads only: writing a note, signing and recording a finding go through POST /commands, as the
// signed-in person, exactly as the chat commands do.
import { Hono, type Context } from 'hono';
import type { Core } from '../../core/context';
import { readAccountability } from '../../core/read/accountability';
import { searchArchive } from '../../core/read/archive';
import { incidentByNumber } from '../../core/read/incidents';
import { parsePeriod, PERIOD_HINT } from '../../core/read/periods';
import { may } from '../../core/read/permissions';
import { readReviewView, reviewOfIncident } from '../../core/read/reviews';
import { seesIncidents } from '../../core/read/visibility';
import { archiveJson, xlsxResponse } from '../archive-api';
import { archiveFilterFrom } from '../archive-query';
import { reviewDocxResponse } from '../review-document';
import type { ServerEnv, Visit } from './session';

export function afterIncidentApi(deps: { core: Core }): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  const { core } = deps;
  const now = () => core.clock.now();
  // Everything here is for someone with a role: guests see only their own reports.
  app.use('*', async (c, next) => {
    const visit = c.get('visit');
    if (!visit) return c.json({ error: '请先登录工作台' }, 401);
    if (!seesIncidents(visit.member)) return c.json({ error: '你还没有登记在组织名册里：这里只显示你上报的线索。请联系管理员授予角色。' }, 403);
    await next();
  });
  const visitOf = (c: Context<ServerEnv>): Visit => c.get('visit')!;

  app.get('/incidents/:number/review', (c) => {
    const incident = incidentByNumber(core.db, c.req.param('number'));
    if (!incident) return c.json({ error: `没有事件「${c.req.param('number')}」` }, 404);
    const review = reviewOfIncident(core.db, incident.id);
    const { member } = visitOf(c);
    const base = {
      now: now(),
      incident: { number: incident.number, title: incident.title, level: incident.level, status: incident.status, isDrill: incident.isDrill },
      canSign: may(core.playbook, member, 'signReview'),
    };
    if (!review) return c.json({ ...base, review: null });
    const view = readReviewView(core.db, core, incident, review, now());
    return c.json({
      ...base,
      review: { status: review.status, summary: review.summary, openedAt: review.openedAt, signedAt: review.signedAt, signer: view.signer },
      figures: view.figures,
      notes: view.notes,
      score: view.score,
    });
  });

  app.get('/incidents/:number/review.docx', async (c) => {
    const incident = incidentByNumber(core.db, c.req.param('number'));
    if (!incident) return c.json({ error: `没有事件「${c.req.param('number')}」` }, 404);
    return reviewDocxResponse(c, core, incident, now());
  });

  app.get('/archive', (c) => {
    const parsed = archiveFilterFrom(c.req.query(), core);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const rows = searchArchive(core.db, core, parsed.filter, now());
    return c.json({ now: now(), count: rows.length, incidents: archiveJson(rows) });
  });

  app.get('/archive/export.xlsx', async (c) => {
    const parsed = archiveFilterFrom(c.req.query(), core);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    const at = now();
    return xlsxResponse(c, core, searchArchive(core.db, core, parsed.filter, at), at);
  });

  app.get('/accountability', (c) => {
    const { member } = visitOf(c);
    if (!may(core.playbook, member, 'accountability'))
      return c.json({ error: `查看迟报与责任追究台账需要以下角色之一：${core.playbook.permissions.accountability.join('、')}` }, 403);
    const words = (c.req.query('period') ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
    const period = parsePeriod(words, now(), core.timeZone);
    if (!period) return c.json({ error: `「${words.join(' ')}」不是时段。${PERIOD_HINT}。` }, 400);
    return c.json({ now: now(), canRecord: may(core.playbook, member, 'finding'), ...readAccountability(core.db, period, now()) });
  });
  return app;
}
