// GET /api/archive (JSON) and /api/archive/export.xlsx — the 台账 for other systems and auditors,
// behind the admin token like /api/incidents. The same search as the workspace's archive page.
import { Hono, type Context } from 'hono';
import type { Core } from '../core/context';
import { searchArchive, type ArchiveRow } from '../core/read/archive';
import { archiveSheets } from '../core/read/archive-sheets';
import { archiveWorkbook } from '../documents/archive-xlsx';
import { archiveFilterFrom } from './archive-query';
import { bearerToken, sameSecret } from './bearer';

/** A row as JSON: the full figures stay behind (GET /api/incidents/<编号>/review has them). */
export function archiveJson(rows: ArchiveRow[]) {
  return rows.map(({ full: _full, ...row }) => row);
}

export async function xlsxResponse(c: Context, core: Core, rows: ArchiveRow[], now: number): Promise<Response> {
  const body = await archiveWorkbook(archiveSheets(core.db, core, rows, now), { title: '舆情事件台账', createdAt: new Date(now) });
  const name = `舆情台账-${new Date(now).toISOString().slice(0, 10)}.xlsx`;
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'Content-Disposition': `attachment; filename="archive.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

export function archiveApi(deps: { core: Core; adminToken: string | undefined }): Hono {
  const app = new Hono();
  const { core } = deps;
  const refuse = (c: Context) => {
    if (!deps.adminToken) return c.json({ error: '管理接口未启用：请设置 API_ADMIN_TOKEN' }, 403);
    const presented = bearerToken(c.req.header('authorization'));
    if (!presented) return c.json({ error: '缺少凭证：请在 Authorization: Bearer <令牌> 中携带 API_ADMIN_TOKEN' }, 401);
    if (!sameSecret(presented, deps.adminToken)) return c.json({ error: '管理令牌无效' }, 401);
    return undefined;
  };
  const search = (c: Context) => {
    const parsed = archiveFilterFrom(c.req.query(), core);
    if (!parsed.ok) return { ok: false as const, response: c.json({ error: parsed.error }, 400) };
    const now = core.clock.now();
    return { ok: true as const, rows: searchArchive(core.db, core, parsed.filter, now), now };
  };

  app.get('/', (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const found = search(c);
    if (!found.ok) return found.response;
    return c.json({ count: found.rows.length, incidents: archiveJson(found.rows) });
  });
  app.get('/export.xlsx', async (c) => {
    const refused = refuse(c);
    if (refused) return refused;
    const found = search(c);
    if (!found.ok) return found.response;
    return xlsxResponse(c, core, found.rows, found.now);
  });
  return app;
}
