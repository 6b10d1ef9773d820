// The decision from a Wechaty message's facts to a core event, without a puppet: who is
// addressed, which group a room is, what is ignored.
import { describe, expect, it } from 'vitest';
import { decodeWechaty, stripBotMention, type MessageFacts } from '../../adapters/wechaty/decode';
import { chatIdForRoom } from '../../adapters/wechaty/rooms';

const facts = (over: Partial<MessageFacts> = {}): MessageFacts => ({
  id: 'm1',
  fromSelf: false,
  isText: true,
  fromOfficialAccount: false,
  text: '@烽火\u2005认领 T3',
  talker: { id: 'wx-li', name: '李网信' },
  room: { id: 'r1@chatroom', topic: '舆情应急指挥群' },
  mentionsSelf: true,
  botNames: ['烽火小号', '', '烽火'],
  ...over,
});

describe('stripBotMention', () => {
  it("removes only the bot's own @mention, wherever it is, and keeps everyone else's", () => {
    expect(stripBotMention('@烽火\u2005交接 T3 @王小宣', ['烽火'])).toEqual({ text: '交接 T3 @王小宣', mentioned: true });
    expect(stripBotMention('认领 T3 @烽火', ['烽火'])).toEqual({ text: '认领 T3', mentioned: true });
    expect(stripBotMention('＠烽火 状态', ['烽火'])).toEqual({ text: '状态', mentioned: true });
  });

  it('prefers the longest name, so an alias containing BOT_NAME is removed whole', () => {
    expect(stripBotMention('@烽火小号 状态', ['烽火', '烽火小号'])).toEqual({ text: '状态', mentioned: true });
  });

  it("leaves text without the bot's mention alone, line breaks included", () => {
    expect(stripBotMention('发布 第一段\n第二段', ['烽火'])).toEqual({ text: '发布 第一段\n第二段', mentioned: false });
    // Someone whose name starts with the bot's is not the bot.
    expect(stripBotMention('@烽火台 的照片', ['烽火'])).toEqual({ text: '@烽火台 的照片', mentioned: false });
  });
});

describe('decodeWechaty', () => {
  const chatIds = ['r1@chatroom', '网信部微信群'];
  const member = (contactId: string) => contactId === 'wx-li';

  it('a room message that mentions the bot is an addressed command in the configured group', () => {
    expect(decodeWechaty(facts(), chatIds, member)).toEqual({
      kind: 'message',
      room: { id: 'r1@chatroom', topic: '舆情应急指挥群' },
      event: {
        kind: 'message',
        platform: 'wechaty',
        eventId: 'msg:m1',
        chatId: 'r1@chatroom',
        chatType: 'group',
        sender: { platformUserId: 'wx-li', displayName: '李网信' },
        text: '认领 T3',
        addressed: true,
      },
    });
  });

  it('other room text goes in unaddressed; "@烽火" typed by hand still addresses the bot', () => {
    const plain = decodeWechaty(facts({ text: '同意 A1', mentionsSelf: false }), chatIds, member);
    expect(plain.kind === 'message' && plain.event).toMatchObject({ text: '同意 A1', addressed: false });
    const typed = decodeWechaty(facts({ text: '@烽火 状态', mentionsSelf: false }), chatIds, member);
    expect(typed.kind === 'message' && typed.event).toMatchObject({ text: '状态', addressed: true });
  });

  it('a room named by its topic resolves to the topic; an unknown room is reported, not decoded', () => {
    const byTopic = decodeWechaty(facts({ room: { id: 'r2@chatroom', topic: '网信部微信群' } }), chatIds, member);
    expect(byTopic.kind === 'message' && byTopic.event.chatId).toBe('网信部微信群');
    expect(decodeWechaty(facts({ room: { id: 'r9@chatroom', topic: '相亲相爱一家人' } }), chatIds, member)).toEqual({
      kind: 'unconfigured room',
      room: { id: 'r9@chatroom', topic: '相亲相爱一家人' },
    });
  });

  it('a private message is an addressed p2p command to user:<contact id>', () => {
    const decoded = decodeWechaty(facts({ room: undefined, text: '状态', mentionsSelf: false }), chatIds, member);
    expect(decoded.kind === 'message' && decoded.event).toMatchObject({ chatId: 'user:wx-li', chatType: 'p2p', addressed: true, text: '状态' });
  });

  it('a private message from someone outside the organisation is not a command', () => {
    expect(decodeWechaty(facts({ room: undefined, talker: { id: 'wx-friend', name: '老同学' }, text: '在吗' }), chatIds, member)).toEqual({
      kind: 'stranger',
      contactId: 'wx-friend',
    });
  });

  it('a quoting reply: the quoted "@烽火 认领 T1" is someone else\'s words, not this message\'s command', () => {
    const quoting = decodeWechaty(facts({ text: '「王小宣：@烽火\u2005认领 T1」\n- - - - - - - - - - - - - - -\n收到', mentionsSelf: true }), chatIds, member);
    expect(quoting.kind === 'message' && quoting.event).toMatchObject({ text: '收到', addressed: false });
  });

  it("ignores the bot's own messages, anything that is not text, and official accounts' pushes", () => {
    expect(decodeWechaty(facts({ fromSelf: true }), chatIds, member)).toEqual({ kind: 'ignored', reason: 'self' });
    expect(decodeWechaty(facts({ isText: false }), chatIds, member)).toEqual({ kind: 'ignored', reason: 'not text' });
    expect(decodeWechaty(facts({ room: undefined, fromOfficialAccount: true, text: '今日要闻' }), chatIds, member)).toEqual({
      kind: 'ignored',
      reason: 'official account',
    });
  });
});

describe('chatIdForRoom', () => {
  it('the room id wins over a topic, and an empty topic never matches', () => {
    expect(chatIdForRoom(['r1@chatroom', '指挥群'], { id: 'r1@chatroom', topic: '指挥群' })).toBe('r1@chatroom');
    expect(chatIdForRoom(['指挥群'], { id: 'r1@chatroom', topic: '指挥群' })).toBe('指挥群');
    expect(chatIdForRoom(['', 'x'], { id: 'r1@chatroom', topic: '' })).toBeUndefined();
  });
});
