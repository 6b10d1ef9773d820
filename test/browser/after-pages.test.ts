// The pages after an incident in a real browser (Debian's chromium via playwright-core): the
// commander writes an improvement into the review and signs it from the page; the review, the
// 台账 and the 迟报 list fit a phone and a desk (screenshots), with no script errors.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviews } from '../../src/db/schema';
import { listenOnLoopback } from '../helpers/listen';
import { startBot } from '../helpers/runtime';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-results/workspace';
const MIN = 60_000;

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

describe('review, 台账 and 迟报 pages in chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('a note and 签发 from the review page; the three pages fit 390×844 and a desk', async () => {
    const bot = startBot();
    const server = await listenOnLoopback(bot.app);
    try {
      await bot.say('zheng-jiance', '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123');
      bot.clock.advance(6 * MIN);
      await bot.say('li-wangxin', '认领 T2', 'cyber');
      bot.clock.advance(10 * MIN);
      await bot.clockLoop.tick();
      await bot.say('li-wangxin', '进展 转发量开始回落', 'cyber');
      await bot.say('wang-xiaoxuan', '发布 关于网传停水的情况说明：经核实，系管道检修，今晚 20 时前恢复供水。');
      bot.clock.advance(8 * MIN);
      await bot.say('sun-xuanchuan', '同意 A1');
      bot.clock.advance(40 * MIN);
      await bot.clockLoop.tick();
      await bot.say('qian-fuzong', '平息');
      await bot.say('wang-xiaoxuan', '总结 经验 情况说明当天发出，口径统一');
      await bot.say('zhou-fawu', '总结 问题 法务审核未在时限内完成');

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

        await page.goto(`${server.url}/incidents/YQ-20261121-001/review`);
        await page.locator('form.note-form, #sign, .tag.ok').first().waitFor();
        if (name === 'phone') {
          await page.selectOption('form.note-form select[name="part"]', '改进');
          await page.fill('form.note-form input[name="text"]', '法务审核限时 30 分钟');
          await page.click('form.note-form button[type="submit"]');
          await expect.poll(() => page.textContent('#toast')).toBe('已记入改进措施');
          await page.locator('li', { hasText: '法务审核限时 30 分钟' }).waitFor();
          await page.click('#sign');
          await expect.poll(() => page.textContent('#toast')).toBe('已签发');
          await page.locator('.tag.ok', { hasText: '已签发' }).waitFor();
          expect(bot.core.db.select().from(reviews).get()).toMatchObject({ status: 'signed' });
        }
        for (const [shot, path, ready] of [
          ['review', '/incidents/YQ-20261121-001/review', '.tag.ok'],
          ['archive', '/archive', '#results table'],
          ['accountability', '/accountability', '#results h2'],
        ] as const) {
          await page.goto(`${server.url}${path}`);
          await page.locator(ready).first().waitFor();
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
  }, 120_000);
});
