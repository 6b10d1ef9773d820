// A new platform is one folder and one line in the list: the fixture test/fixtures/adapters/pager
// is written as adapters/pager/ would be, the list is PLATFORMS plus it, and nothing else
// changes — the organisation file takes its groups and ids, a command typed there raises a
// warning, and the warning reaches its group through its own adapter.
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/index';
import { ConfigFileError, loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { filesUnder, importsOfFile } from '../helpers/imports';
import { startBot } from '../helpers/runtime';
import { pagerPlatform } from '../fixtures/adapters/pager/index';

const TOKEN = 'pager-token-0123456789';

function organisationWithPager() {
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  org.groups.push({ key: 'pager-command', name: '寻呼指挥中心', platform: 'pager', chatId: 'pg-command', purpose: 'command' });
  org.members.find((m) => m.key === 'zheng-jiance')!.ids.pager = 'pg-zheng';
  return org;
}

describe('a fifth platform', () => {
  it('is one folder plus one line in the list: a command typed on it is answered on it', async () => {
    const settings = pagerPlatform.settingsFrom({ PAGER_TOKEN: TOKEN });
    const bot = startBot({
      overrides: { organisation: { value: organisationWithPager() }, platformList: [...PLATFORMS, pagerPlatform], platforms: { pager: settings } },
    });
    const pager = bot.platforms.pager!;

    const post = (body: unknown, token = TOKEN) =>
      bot.app.request('/webhook/pager', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pager-token': token },
        body: JSON.stringify(body),
      });
    expect((await post({ id: 'p1', chat: 'pg-command', user: 'pg-zheng', text: '预警 黄 寻呼机上报的舆情' }, 'wrong-token-0123456789')).status).toBe(401);
    const res = await post({ id: 'p1', chat: 'pg-command', user: 'pg-zheng', text: '预警 黄 寻呼机上报的舆情' });
    expect(await res.json()).toEqual({ outcome: 'done' });
    expect(await (await post({ id: 'p1', chat: 'pg-command', user: 'pg-zheng', text: '预警 黄 寻呼机上报的舆情' })).json()).toEqual({ outcome: 'duplicate' });

    await bot.drain.drain();
    // The warning went to the pager's command group as text, buttons written as reply commands,
    // and to the console's command group as a card: one routing for every platform.
    const warning = pager.shown.find((s) => s.chatId === 'pg-command' && s.text.includes('寻呼机上报的舆情'));
    expect(warning?.text).toMatch(/回复「认领 T\d+」/);
    expect((await bot.card('黄色预警')).text).toContain('寻呼机上报的舆情');
  });

  it('the organisation file refuses a platform the bot does not have, naming the ones it has', () => {
    const bot = () => startBot({ overrides: { organisation: { value: organisationWithPager() } } });
    expect(bot).toThrow(ConfigFileError);
    try {
      bot();
    } catch (err) {
      expect((err as ConfigFileError).problems).toEqual([
        expect.stringMatching(/^groups\.\d+\.platform：没有平台「pager」；可用的平台：console、feishu、wecom、wechaty$/),
        expect.stringMatching(/^members\.\d+\.ids\.pager：没有平台「pager」；可用的平台：console、feishu、wecom、wechaty$/),
      ]);
    }
  });

  it('the fixture keeps the adapter rule: only the core’s inbound and outbound doors and the contract', () => {
    const reached = filesUnder('test/fixtures/adapters/pager').flatMap((f) =>
      importsOfFile(f)
        .map((i) => i.path)
        .filter((p) => p.startsWith('src/') || p.startsWith('adapters/')),
    );
    expect(new Set(reached)).toEqual(new Set(['src/config/env-checks', 'src/core/outbound/index', 'adapters/platform']));
  });
});
