// The web workspace in a real browser (Debian's chromium via playwright-core). A leader signs in
// with the link the bot sent them privately on Feishu, watches an incident arrive on the board,
// claims a task from 我的任务, and the card in the Feishu group changes. Then a phone-sized window:
// the board, an incident and the roster, screenshotted, with nothing wider than the screen.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { freePort, listenOnLoopback } from '../helpers/listen';
import { NINE_AM } from '../helpers/runtime';
import { item, push, startSignalsBot } from '../signals/helpers';

const HOUR = 60 * 60 * 1000;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-results/workspace';

/** Console errors and uncaught exceptions on a page: there should be none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('web workspace in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('登录 in a Feishu group → private link → board shows a new incident live → claim from 我的任务 → the Feishu card is patched', async () => {
    const port = await freePort();
    const bot = await startFeishuBot({ encryptKey: 'test-encrypt-key', web: { publicUrl: `http://127.0.0.1:${port}` } });
    expect(bot.web.demo).toBe(false);
    const server = await listenOnLoopback(bot.app, port);
    try {
      // 李网信 types 登录 in the Feishu command group.
      const said = await bot.post(
        groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_li-wangxin', botOpenId: bot.api.botOpenId, text: '登录' }),
      );
      expect(said.status).toBe(200);
      await bot.drain.drain();
      const inGroup = JSON.stringify(bot.api.inChat(FEISHU_CHATS.command).map((m) => m.card));
      expect(inGroup).toContain('已私信你登录链接（10 分钟内有效，只能使用一次）');
      expect(inGroup).not.toContain('/login/');
      const [privately] = bot.api.inChat('ou_li-wangxin');
      const link = JSON.stringify(privately!.card).match(/http:\/\/127\.0\.0\.1:\d+\/login\/[A-Za-z0-9_-]+/)?.[0];
      expect(link).toBeDefined();

      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      const errors = watchErrors(page);
      // Opening the link (what a link preview does too) only asks; the button signs in.
      await page.goto(link!);
      expect(await page.textContent('h1')).toContain('以 李网信 的身份登录');
      await page.click('button[type="submit"]');
      await page.waitForURL(`${server.url}/`);
      await page.locator('#incidents').waitFor();
      expect(await page.textContent('#incidents')).toContain('没有进行中的事件');
      expect(await page.locator('#demo-picker').count()).toBe(0);

      // A signed Feishu webhook raises an orange warning; the board shows it without a reload.
      await bot.post(
        groupTextEvent({
          token: VERIFICATION_TOKEN,
          chatId: FEISHU_CHATS.command,
          senderOpenId: 'ou_zheng-jiance',
          botOpenId: bot.api.botOpenId,
          text: '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123',
        }),
      );
      await bot.drain.drain();
      const incident = page.locator('.incident[data-number="YQ-20261121-001"]');
      await incident.waitFor({ timeout: 10_000 });
      expect(await incident.textContent()).toContain('某地网传停水三天');
      expect(await incident.textContent()).toContain('网信部 1 项（T2）');
      expect(await incident.locator('.countdown').first().textContent()).toMatch(/^(剩|已超时) /);

      // 我的任务: the cyber department's open task, with the card's 认领 button.
      await page.click('nav a[href="/tasks"]');
      const claim = page.locator('button[data-action="claim"][data-value="T2"]');
      await claim.click();
      await expect.poll(() => page.textContent('#toast')).toBe('已认领 T2');
      await page.locator('#mine .item[data-ref="T2"]').waitFor();

      // The card in the Feishu group is updated (PATCH) to show the claim.
      await bot.drain.drain();
      const groupCard = bot.api.inChat(FEISHU_CHATS.command).find((m) => JSON.stringify(m.card).includes('橙色预警'))!;
      expect(groupCard.updates.length).toBeGreaterThan(0);
      expect(JSON.stringify(groupCard.card)).toContain('李网信 已认领');

      // The link was used once: opening it again does not sign anyone in.
      const again = await (await browser.newContext()).newPage();
      await again.goto(link!);
      expect(await again.textContent('h1')).toContain('无法登录');
      expect(errors).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/tasks-desk.png`, fullPage: true });
    } finally {
      server.close();
    }
  });

  it('at 390×844: board, incident page and roster fit the screen (screenshots)', async () => {
    // From 06:00: two warnings, then monitoring signals hour by hour until 09:00, the clock firing
    // reminders and recording what was late, so the board has a chart and a ledger to show.
    const bot = startSignalsBot({ start: NINE_AM - 3 * HOUR });
    const server = await listenOnLoopback(bot.app);
    try {
      await bot.say('zheng-jiance', '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123');
      await bot.say('li-wangxin', '认领 T2');
      await bot.say('sun-xuanchuan', '发布 YQ-20261121-001 关于网传停水的情况说明：经核实，某小区因管道检修计划停水 6 小时，今晚 20 时前恢复。');
      await bot.say('zheng-jiance', '预警 蓝 某论坛有零星讨论交通管制');
      let n = 0;
      for (let hour = 0; hour < 6; hour++) {
        const items = [
          ...Array.from({ length: 2 + hour * 2 }, () => item('停水', n++, { reads: 3000, reposts: 40, mentionsLastHour: 30 * (hour + 1) })),
          ...Array.from({ length: 1 + hour }, () => item('地铁', n++, { keywords: ['地铁', '延误', '故障'], reads: 800 })),
        ];
        expect((await push(bot, { items })).status).toBe(200);
        bot.clock.advance(HOUR / 2);
        await bot.clockLoop.tick();
      }
      await bot.say('li-wangxin', '进展 YQ-20261121-001 已联系属地水务部门核实，预计一小时内回应');

      for (const [name, viewport] of [
        ['phone', { width: 390, height: 844 }],
        ['desk', { width: 1366, height: 900 }],
      ] as const) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${server.url}/login`);
        await page.locator('#demo-picker button', { hasText: '赵总' }).click();
        await page.waitForURL(`${server.url}/`);

        const pages: [string, string, string][] = [
          ['board', '/', '#incidents'],
          ['incident', '/incidents/YQ-20261121-001', '.timeline'],
          ['roster', '/roster', '.week'],
        ];
        for (const [shot, path, ready] of pages) {
          await page.goto(`${server.url}${path}`);
          await page.locator(ready).waitFor();
          if (shot === 'board') await page.locator('#chart canvas').waitFor();
          const width = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
          expect(width.scroll, `${shot} at ${name} overflows`).toBeLessThanOrEqual(width.inner);
          await page.screenshot({ path: `${SHOTS}/${shot}-${name}.png`, fullPage: true });
        }
        expect(errors).toEqual([]);
        await context.close();
      }
    } finally {
      server.close();
    }
  });
});
