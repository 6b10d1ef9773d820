// The workspace after an incident: the review page and its API (notes and 签发 through the same
// commands as chat), the review as a Word document (opened back, and rendered by LibreOffice), the
// 台账 with its Excel export, the accountability list with findings; guests see none of it; the
// admin API has the review too.
import { copyFileSync, mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DOCX_MIME } from '../../src/documents/index';
import { findings, reviews } from '../../src/db/schema';
import { docxParagraphs, renderDocx } from '../helpers/docx';
import { startBot, type TestBot } from '../helpers/runtime';

const TOKEN = 'review-admin-token-1234567890';
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const postJson = (bot: TestBot, member: string, path: string, body: unknown) =>
  bot.request(member, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(json);

async function calmedOrange(): Promise<TestBot> {
  const bot = startBot({ overrides: { adminToken: TOKEN } });
  await bot.say('zheng-jiance', '预警 橙 某地网传停水三天 https://weibo.com/555');
  bot.clock.advance(4 * 60_000);
  await bot.say('wang-xiaoxuan', '认领 T1', 'publicity');
  bot.clock.advance(40 * 60_000);
  await bot.clockLoop.tick();
  await bot.say('qian-fuzong', '平息');
  return bot;
}

describe('the review page', () => {
  it('shows the figures, takes notes and 签发 through the commands, and exports the review as Word', async () => {
    const bot = await calmedOrange();
    const page = await bot.request('wang-xiaoxuan', '/incidents/YQ-20261121-001/review');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/assets/review.js"></script>');
    expect(html).toContain('data-number="YQ-20261121-001"');
    expect((await bot.request('wang-xiaoxuan', '/assets/review.js')).status).toBe(200);

    const before = await json(await bot.request('wang-xiaoxuan', '/workspace/api/incidents/YQ-20261121-001/review'));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ canSign: false, review: { status: 'open' }, notes: [] });
    expect(before.body.figures.claims[0]).toMatchObject({ ref: 'T1', by: '王小宣', fromWarningMs: 4 * 60_000 });

    expect(
      await postJson(bot, 'wang-xiaoxuan', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '经验', text: '口径统一' }),
    ).toMatchObject({
      status: 200,
      body: { outcome: 'done', toast: '已记入经验' },
    });
    expect(await postJson(bot, 'wang-xiaoxuan', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '签发' })).toMatchObject({
      body: { outcome: 'refused', toast: '需要角色：总指挥' },
    });
    await postJson(bot, 'zhou-fawu', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '问题', text: '法务审核偏慢' });
    await postJson(bot, 'qian-fuzong', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '改进', text: '法务审核限时 30 分钟' });
    expect(await postJson(bot, 'zhao-zong', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '签发' })).toMatchObject({
      body: { outcome: 'done', toast: '已签发' },
    });
    expect(bot.core.db.select().from(reviews).get()).toMatchObject({ status: 'signed', signedBy: expect.any(Number) });
    const after = await json(await bot.request('zhao-zong', '/workspace/api/incidents/YQ-20261121-001/review'));
    expect(after.body).toMatchObject({ canSign: true, review: { status: 'signed', signer: '赵总' } });
    expect(after.body.notes.map((n: any) => [n.kind, n.text, n.author])).toEqual([
      ['experience', '口径统一', '王小宣'],
      ['problem', '法务审核偏慢', '周法务'],
      ['improvement', '法务审核限时 30 分钟', '钱副总'],
    ]);
    // A malformed body is refused with what was wrong.
    expect(await postJson(bot, 'zhao-zong', '/workspace/api/commands', { command: '总结', number: 'YQ-20261121-001', part: '表扬' })).toMatchObject({
      status: 400,
    });

    const doc = await bot.request('zhao-zong', '/workspace/api/incidents/YQ-20261121-001/review.docx');
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toBe(DOCX_MIME);
    const bytes = new Uint8Array(await doc.arrayBuffer());
    const paragraphs = docxParagraphs(bytes).filter(Boolean);
    expect(paragraphs[0]).toBe('关于“某地网传停水三天”舆情处置的总结评估报告');
    expect(paragraphs).toContain('一、基本情况');
    expect(paragraphs).toContain('（二）任务认领');
    expect(paragraphs).toContain('T1 宣传部「起草回应口径」：王小宣 09:04 认领，预警后 4 分钟，在 10 分钟认领时限内');
    expect(paragraphs).toContain('1. 法务审核限时 30 分钟（钱副总）');
    expect(paragraphs.at(-1)).toBe('（签发人：赵总，签发时间：2026-11-21 09:44）');
    // The same through the admin API.
    const admin = { headers: { authorization: `Bearer ${TOKEN}` } };
    const viaApi = await json(await bot.app.request('/api/incidents/YQ-20261121-001/review', admin));
    expect(viaApi.body).toMatchObject({ number: 'YQ-20261121-001', status: 'signed', signer: '赵总' });
    expect((await bot.app.request('/api/incidents/YQ-20261121-001/review.docx', admin)).headers.get('content-type')).toBe(DOCX_MIME);
    expect((await bot.app.request('/api/incidents/YQ-20261121-001/review.docx')).status).toBe(401);

    // LibreOffice opens it: an A4 page 1 with the title and the first section.
    const rendered = await renderDocx(bytes, 'review');
    expect(rendered.pageSize).toContain('(A4)');
    expect(rendered.firstPageText.replace(/\s+/g, '')).toContain('总结评估报告');
    mkdirSync('test-results/documents', { recursive: true });
    copyFileSync(rendered.png, 'test-results/documents/review-page1.png');
  }, 240_000);

  it('an incident without a review says when it opens; guests see none of these pages', async () => {
    const bot = startBot();
    await bot.say('zheng-jiance', '预警 蓝 某事');
    const none = await json(await bot.request('zheng-jiance', '/workspace/api/incidents/YQ-20261121-001/review'));
    expect(none.body).toMatchObject({ review: null, incident: { number: 'YQ-20261121-001' } });
    expect((await bot.request('zheng-jiance', '/workspace/api/incidents/YQ-20261121-001/review.docx')).status).toBe(404);
    expect((await bot.request('zheng-jiance', '/workspace/api/incidents/YQ-29991231-001/review')).status).toBe(404);
    // A guest: someone the bot registered from the console.
    await bot.say('visitor-1', '上报 https://weibo.com/9 又有新帖');
    for (const path of ['/workspace/api/incidents/YQ-20261121-001/review', '/workspace/api/archive', '/workspace/api/accountability'])
      expect((await bot.request('visitor-1', path)).status).toBe(403);
  });
});

describe('the archive and accountability pages', () => {
  it('searches and exports the 台账, lists late items and records findings as the signed-in person', async () => {
    const bot = await calmedOrange();
    expect((await bot.request('wang-xiaoxuan', '/archive')).status).toBe(200);
    expect((await bot.request('wang-xiaoxuan', '/accountability')).status).toBe(200);
    const found = await json(await bot.request('wang-xiaoxuan', `/workspace/api/archive?q=${encodeURIComponent('停水')}`));
    expect(found.body).toMatchObject({ count: 1, incidents: [{ number: 'YQ-20261121-001', review: { status: '待签发' } }] });
    expect((await json(await bot.request('wang-xiaoxuan', '/workspace/api/archive?from=2026-02-30'))).status).toBe(400);

    const xlsx = await bot.request('wang-xiaoxuan', '/workspace/api/archive/export.xlsx?level=%E6%A9%99');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    expect(workbook.getWorksheet('事件')!.rowCount).toBe(2);
    expect(workbook.getWorksheet('任务')!.rowCount).toBe(5);

    expect((await bot.request('wang-xiaoxuan', '/workspace/api/accountability')).status).toBe(403);
    const list = await json(await bot.request('sun-xuanchuan', '/workspace/api/accountability?period=今天'));
    expect(list.body).toMatchObject({ canRecord: false, period: { label: '今天' } });
    const unclaimed = list.body.items.filter((i: any) => i.kind === 'unclaimed').map((i: any) => i.ref);
    expect(unclaimed).toEqual(['T2', 'T3', 'T4']);
    expect((await json(await bot.request('zhao-zong', '/workspace/api/accountability?period=下下周'))).status).toBe(400);

    expect(await postJson(bot, 'sun-xuanchuan', '/workspace/api/commands', { command: '认定', ref: 'T2', kind: '责任', text: '某某' })).toMatchObject({
      body: { outcome: 'refused' },
    });
    expect(await postJson(bot, 'zhao-zong', '/workspace/api/commands', { command: '认定', ref: 'T2', kind: '说明', text: '网信部值班员外出' })).toMatchObject({
      body: { outcome: 'done', toast: '已记录说明' },
    });
    expect(bot.core.db.select().from(findings).all()).toMatchObject([{ itemKey: 'task:2', kind: 'explanation', text: '网信部值班员外出' }]);
    const again = await json(await bot.request('zhao-zong', '/workspace/api/accountability?period=今天'));
    expect(again.body.items.find((i: any) => i.ref === 'T2').findings).toMatchObject([{ kind: 'explanation', text: '网信部值班员外出', author: '赵总' }]);
  });
});
