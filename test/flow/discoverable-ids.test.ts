// Ids found from the chat alone (issue 14): 我是谁 tells a person their own platform id (and a
// guest the line to give the admin); an admin also gets the chat's id and its organisation-file
// line; a new Feishu group's welcome card carries its chat_id and the line; an unknown sender is
// logged with their id once.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { groupTextEvent } from '../fakes/feishu-events';
import { startBot } from '../helpers/runtime';

/** The pasted lines make a valid organisation file (with purpose and department filled in). */
function pastes(groupLine: string): boolean {
  const org = [
    'name: 测试',
    'departments:',
    '  - { key: cyber, name: 网信部 }',
    'members:',
    '  - { key: a, name: 甲 }',
    'groups:',
    '  - { key: command, name: 指挥, platform: console, chatId: command, purpose: command }',
    groupLine.replace('department: 部门key', 'department: cyber'),
  ].join('\n');
  return parseYaml('org.yaml', org, organisationSchema).groups.length === 2;
}

describe('discoverable ids', () => {
  it('我是谁: a member learns their own id, not the chat’s; an admin also gets the chat’s line', async () => {
    const bot = startBot();
    await bot.say('wang-xiaoxuan', '我是谁');
    const mine = await bot.lastBotText();
    expect(mine).toContain('王小宣');
    expect(mine).toContain('你在 console 上的 id：wang-xiaoxuan');
    expect(mine).not.toContain('chatId');

    await bot.say('chen-admin', 'whoami');
    const admin = await bot.lastBotText();
    expect(admin).toContain('你在 console 上的 id：chen-admin');
    expect(admin).toContain('本群 chatId：command');
    expect(admin).toContain('已在组织文件里：command');
  });

  it('a stranger on Feishu learns their open_id and the line for the admin; an admin in an unknown group gets its line', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const bot = await startFeishuBot({ encryptKey: 'test-encrypt-key', logger });
    bot.api.chats.add('oc_unknown');
    bot.api.addMembers(FEISHU_CHATS.command, ['ou_stranger_01']);
    bot.api.addMembers('oc_unknown', ['ou_chen-admin']);
    // 我是谁 concerns only the one asking: a card only they see in the group (仅特定人可见).
    const onlyFor = (chatId: string, openId: string) => bot.api.ephemeral.filter((e) => e.chatId === chatId && e.openId === openId).map((e) => e.card);
    const say = (from: string, chatId: string, text: string, messageId?: string) =>
      bot.post(
        groupTextEvent({ token: VERIFICATION_TOKEN, chatId, senderOpenId: from, botOpenId: bot.api.botOpenId, text, ...(messageId ? { messageId } : {}) }),
      );

    await say('ou_stranger_01', FEISHU_CHATS.command, '我是谁');
    await say('ou_stranger_01', FEISHU_CHATS.command, '状态');
    await bot.drain.drain();
    const answer = JSON.stringify(onlyFor(FEISHU_CHATS.command, 'ou_stranger_01'));
    expect(answer).toContain('你在 feishu 上的 id：ou_stranger_01');
    expect(JSON.stringify(bot.api.inChat(FEISHU_CHATS.command).map((m) => m.card))).not.toContain('ou_stranger_01');
    expect(answer).toContain('feishu: \\"ou_stranger_01\\"');
    // Logged once, with the id, though the stranger spoke twice.
    const logged = lines.filter((l) => l.includes('unknown sender registered'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ou_stranger_01');

    await say('ou_chen-admin', 'oc_unknown', '我是谁');
    await bot.drain.drain();
    const adminAnswer = JSON.stringify(onlyFor('oc_unknown', 'ou_chen-admin'));
    expect(adminAnswer).toContain('本群 chatId：oc_unknown');
    const texts = onlyFor('oc_unknown', 'ou_chen-admin')
      .at(-1)!
      .body.elements.map((e: any) => e.text?.content ?? e.content ?? '')
      .join('\n');
    const line = /(  - \{ key: [^\n]+\})/.exec(texts)?.[1];
    expect(line).toBeDefined();
    expect(pastes(line!)).toBe(true);
  });

  it('the welcome card in a new Feishu group carries its chat_id and the line to paste', async () => {
    const bot = await startFeishuBot();
    bot.api.chats.add('oc_new');
    await bot.post({
      schema: '2.0',
      header: { event_id: 'add-1', event_type: 'im.chat.member.bot.added_v1', token: VERIFICATION_TOKEN },
      event: { chat_id: 'oc_new', name: '新的 "工作群"' },
    });
    await bot.drain.drain();
    const texts = bot.api
      .inChat('oc_new')[0]!
      .card.body.elements.map((e: any) => e.text?.content ?? e.content ?? '')
      .join('\n');
    expect(texts).toContain('本群 chatId：oc_new');
    const line = /(  - \{ key: [^\n]+\})/.exec(texts)?.[1];
    expect(line).toBe('  - { key: feishu-oc_new, name: "新的 \\"工作群\\"", platform: feishu, chatId: "oc_new", purpose: department, department: 部门key }');
    expect(pastes(line!)).toBe(true);
  });
});
