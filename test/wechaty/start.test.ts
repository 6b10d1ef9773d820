// WECHATY_PUPPET names a package that Wechaty imports at start: an installed one starts (here the
// mock puppet, by name, the way production loads wechaty-puppet-service); a missing one fails
// start-up with a message that names the variable and how to install the package.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { PuppetMock } from 'wechaty-puppet-mock';
import { outbox } from '../../src/db/schema';
import { startBot } from '../helpers/runtime';
import { wechatyOrganisation } from '../fakes/wechaty-world';

describe('Wechaty start-up', () => {
  it('a puppet that fails to start (Wechaty only emits an error) fails start-up without the token in the message, and is tried again', async () => {
    class RefusingPuppet extends PuppetMock {
      override async onStart(): Promise<void> {
        throw new Error('token puppet_workpro_secret123 is not valid');
      }
    }
    const bot = startBot({
      overrides: {
        organisation: { value: wechatyOrganisation() },
        platforms: {
          wechaty: { config: { puppet: 'wechaty-puppet-service', token: 'puppet_workpro_secret123', endpoint: '127.0.0.1:1' }, puppet: new RefusingPuppet() },
        },
      },
    });
    const failed = await bot.start().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failed?.message).toMatch(/^Wechaty 启动失败/);
    expect(failed?.message).toContain('token *** is not valid');
    expect(failed?.message).not.toContain('secret123');
    expect(bot.platforms.wechaty!.running()).toBe(false);
    // The console keeps working while the puppet is retried in the background.
    expect((await bot.say('zheng-jiance', '状态')).status).toBe(200);
  });

  it('loads the puppet named in WECHATY_PUPPET; until someone logs in, its messages wait', async () => {
    const bot = startBot({
      overrides: {
        organisation: { value: wechatyOrganisation() },
        platforms: { wechaty: { config: { puppet: 'wechaty-puppet-mock', token: undefined, endpoint: undefined } } },
      },
    });
    await bot.start();
    expect(bot.platforms.wechaty!.running()).toBe(true);
    await bot.say('zheng-jiance', '预警 橙 某地网传停水');
    await bot.drain.drain();
    const rows = bot.core.db.select().from(outbox).where(eq(outbox.platform, 'wechaty')).all();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'pending' && r.lastError?.includes('微信号尚未登录'))).toBe(true);
  });

  it('a puppet package that is not installed fails start-up naming WECHATY_PUPPET', async () => {
    const bot = startBot({
      overrides: { platforms: { wechaty: { config: { puppet: 'wechaty-puppet-not-installed', token: undefined, endpoint: undefined } } } },
    });
    const failed = await bot.start().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failed?.message).toMatch(/^Wechaty 启动失败（puppet wechaty-puppet-not-installed）/);
    expect(failed?.message).toContain('检查 WECHATY_PUPPET 是否已安装');
    // The rest of the bot keeps working: the console still answers.
    expect((await bot.say('zheng-jiance', '状态')).status).toBe(200);
  });
});
