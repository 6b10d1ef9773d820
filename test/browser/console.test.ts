// The console in a real browser (Debian's chromium driven by playwright-core): two people in two
// tabs; one raises an orange warning, the other sees it arrive without reloading and taps 认领.
import { mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback } from '../helpers/listen';
import { startBot } from '../helpers/runtime';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('web console in chromium', () => {
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
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('two people: one raises an orange warning, the other claims a task by tapping the button', async () => {
    const bot = startBot();
    const server = await listenOnLoopback(bot.app);
    try {
      const monitor = await (await browser.newContext()).newPage();
      const cyberLead = await (await browser.newContext()).newPage();
      // 演示模式 (console only, on loopback): each picks who they are on the sign-in page.
      for (const [page, name] of [
        [monitor, '郑监测'],
        [cyberLead, '李网信'],
      ] as const) {
        await page.goto(`${server.url}/console?group=command`);
        await page.locator('#demo-picker button', { hasText: name }).click();
        await page.waitForURL(/\/console/);
      }
      await expect.poll(() => cyberLead.textContent('#status')).toBe('已连接');
      expect(await monitor.textContent('#me')).toContain('我是 郑监测');
      expect(await monitor.textContent('#me')).toContain('演示模式');

      await monitor.fill('#input', '预警 橙 某地网传停水三天，已有上千转发 https://weibo.com/123');
      await monitor.press('#input', 'Enter');

      // The other tab sees the card arrive by itself (server-sent events, no reload).
      const card = cyberLead.locator('.card', { has: cyberLead.locator('.card-head.orange') });
      await card.waitFor({ timeout: 10_000 });
      expect(await card.locator('.card-head').textContent()).toBe('橙色预警 · YQ-20261121-001');
      expect(await cyberLead.locator('.line[data-author="member"] .bubble').first().textContent()).toContain('预警 橙 某地网传停水三天');

      // Tap 认领 on the cyber department's task (T2).
      await card.locator('button[data-action="claim"][data-value="T2"]').click();
      await expect.poll(() => cyberLead.textContent('#toast')).toBe('已认领 T2');

      // Both tabs show the card updated in place: T2 claimed, its button gone.
      for (const page of [cyberLead, monitor]) {
        const updated = page.locator('.card', { has: page.locator('.card-head.orange') });
        await expect.poll(() => updated.textContent(), { timeout: 10_000 }).toContain('T2 网信部 · 加强监测，研判传播态势 — 李网信 已认领');
        expect(await updated.locator('button[data-value="T2"]').count()).toBe(0);
        expect(await updated.locator('button[data-action="claim"]').count()).toBe(3);
      }

      // Someone else asking for the same task is told who has it.
      await monitor.fill('#input', '认领 T2');
      await monitor.press('#input', 'Enter');
      const answer = monitor.locator('.card', { hasText: '未执行' }).last();
      await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toContain('T2 已由李网信于 09:00 认领');

      mkdirSync('test-results', { recursive: true });
      await cyberLead.screenshot({ path: 'test-results/console.png', fullPage: true });
    } finally {
      server.close();
    }
  });
});
