// Organisation sync, self-registration, admin roles, leads and tasks by command.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { groups, leads, members, tasks } from '../../src/db/schema';
import { raiseWarning } from '../../src/core/verbs/raise-warning';
import { reportLead } from '../../src/core/verbs/report-lead';
import { memberByIdentity } from '../../src/core/read/members';
import { resolveSender } from '../../src/core/write/register-sender';
import { syncOrganisation } from '../../src/core/system/sync-organisation';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { createTask } from '../../src/core/verbs/create-task';
import { Refusal } from '../../src/core/errors';
import { startBot } from '../helpers/runtime';
import { act, setRoles } from '../helpers/verbs';

describe('organisation', () => {
  it('an admin grants a role; it survives a re-sync of the file, and file roles follow the file', () => {
    const bot = startBot();
    act(bot, 'chen-admin', (ctx) => setRoles(ctx, '王小宣', ['监测员']));
    expect(memberByIdentity(bot.core.db, 'console', 'wang-xiaoxuan')!.roles).toEqual(['成员', '监测员']);

    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    org.members.find((m) => m.key === 'wang-xiaoxuan')!.roles = ['部门负责人'];
    org.members = org.members.filter((m) => m.key !== 'feng-bangong');
    const synced = syncOrganisation(bot.core.db, org, bot.clock.now());
    expect(synced.changed).toEqual(['wang-xiaoxuan: 成员 → 部门负责人', 'feng-bangong: 成员 → 已不在组织文件中']);
    expect(syncOrganisation(bot.core.db, org, bot.clock.now()).changed).toEqual([]);
    expect(memberByIdentity(bot.core.db, 'console', 'wang-xiaoxuan')!.roles).toEqual(['部门负责人', '监测员']);
    // Dropped from the file: keeps its history, has left — no roles, a guest from now on.
    expect(memberByIdentity(bot.core.db, 'console', 'feng-bangong')).toMatchObject({ roles: [], guest: true });

    act(bot, 'chen-admin', (ctx) => setRoles(ctx, '王小宣', ['清除']));
    expect(memberByIdentity(bot.core.db, 'console', 'wang-xiaoxuan')!.roles).toEqual(['部门负责人']);
  });

  it('groups follow the file: a removed group is gone, a re-keyed one keeps its chat', () => {
    const bot = startBot();
    const org = loadYamlFile('config/organisation.yaml', organisationSchema);
    org.groups = org.groups.filter((g) => g.key !== 'all-hands');
    org.groups.find((g) => g.key === 'legal')!.key = 'legal-team';
    syncOrganisation(bot.core.db, org, bot.clock.now());
    const rows = bot.core.db.select().from(groups).all();
    expect(rows.map((g) => g.key).sort()).toEqual(['command', 'cyber', 'legal-team', 'publicity']);
    expect(rows.find((g) => g.key === 'legal-team')!.chatId).toBe('legal');
  });

  it('refuses a non-admin and an unknown role', () => {
    const bot = startBot();
    expect(() => act(bot, 'qian-fuzong', (ctx) => setRoles(ctx, '王小宣', ['总指挥']))).toThrow(/设置角色需要以下角色之一：管理员/);
    expect(() => act(bot, 'chen-admin', (ctx) => setRoles(ctx, '王小宣', ['首席']))).toThrow(/「首席」不是角色/);
  });

  it('an unseen sender is registered once, as a plain member, under their display name', () => {
    const bot = startBot();
    const first = bot.core.db.transaction((tx) => resolveSender(tx, { platform: 'wecom', platformUserId: 'zhangsan', displayName: '张三' }, 1));
    const again = bot.core.db.transaction((tx) => resolveSender(tx, { platform: 'wecom', platformUserId: 'zhangsan' }, 2));
    expect(first.registered).toBe(true);
    expect(again).toMatchObject({ registered: false, member: { id: first.member.id, name: '张三', roles: [], guest: true } });
    expect(bot.core.db.select().from(members).where(eq(members.source, 'auto')).all()).toHaveLength(1);
    // Ids differing only in case are different people on WeCom.
    const other = bot.core.db.transaction((tx) => resolveSender(tx, { platform: 'wecom', platformUserId: 'ZhangSan', displayName: '张叁' }, 3));
    expect(other.member.id).not.toBe(first.member.id);
    const long = bot.core.db.transaction((tx) => resolveSender(tx, { platform: 'wecom', platformUserId: 'x'.repeat(300) }, 4));
    expect(long.member.key).toMatch(/^auto-wecom-[0-9a-f]{64}$/);
  });
});

describe('leads and tasks by command', () => {
  it('上报 attaches to the only open incident, or stays unattached, and needs a link or words', () => {
    const bot = startBot();
    act(bot, 'wang-xiaoxuan', (ctx) => reportLead(ctx, { text: 'https://www.weibo.com/u/1 网传停水' }));
    expect(bot.core.db.select().from(leads).get()).toMatchObject({
      incidentId: null,
      source: 'weibo.com',
      link: 'https://www.weibo.com/u/1',
      summary: '网传停水',
    });
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '网传停水', isDrill: false }));
    act(bot, 'wang-xiaoxuan', (ctx) => reportLead(ctx, { text: '贴吧也有人在传，说已经三天没水' }));
    expect(bot.core.db.select().from(leads).all()[1]).toMatchObject({ incidentId: 1, source: '人工上报', link: null });
    expect(() => act(bot, 'wang-xiaoxuan', (ctx) => reportLead(ctx, { text: '有' }))).toThrow(Refusal);
  });

  it('任务 finds the department by name or key and refuses an unknown one with the list', () => {
    const bot = startBot();
    act(bot, 'zheng-jiance', (ctx) => raiseWarning(ctx, { level: 'blue', description: '某事', isDrill: false }));
    act(bot, 'qian-fuzong', (ctx) => createTask(ctx, { department: '法务', title: '评估起诉造谣者的可行性' }));
    expect(bot.core.db.select().from(tasks).all().pop()).toMatchObject({ departmentKey: 'legal', title: '评估起诉造谣者的可行性', status: 'open' });
    expect(() => act(bot, 'qian-fuzong', (ctx) => createTask(ctx, { department: '财务部', title: 'x' }))).toThrow(
      /没有部门「财务部」。可用的部门：指挥中心办公室、宣传部/,
    );
    expect(() => act(bot, 'wang-xiaoxuan', (ctx) => createTask(ctx, { department: '法务', title: 'x' }))).toThrow(/派发任务需要以下角色之一/);
  });
});
