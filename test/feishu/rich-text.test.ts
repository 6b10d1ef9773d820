// Rich text (`post`) is how Feishu sends a message once someone formats it, pastes a link card or
// adds a line break with the rich editor: "@烽火 认领 T3" sent that way is a command like any text.
// Shapes from 接收消息内容结构 (富文本 post): {title, content: [[{tag: text|a|at|img|…}]]}; the
// locale-keyed {zh_cn: {title, content}} of the sending side is read too.
import { describe, expect, it } from 'vitest';
import { decodeFeishu } from '../../adapters/feishu/decode';
import { incidents, timeline } from '../../src/db/schema';
import { groupPostEvent, groupTextEvent } from '../fakes/feishu-events';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';

const token = VERIFICATION_TOKEN;

describe('Feishu rich-text commands', () => {
  it('"@烽火 认领 T3" sent as rich text claims T3', async () => {
    const bot = await startFeishuBot();
    await bot.post(
      groupTextEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, text: '预警 橙 某地网传停水' }),
    );
    await bot.drain.drain();
    const post = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '烽火', style: [] },
          { tag: 'text', text: ' 认领 T3', style: ['bold'] },
        ],
      ],
    };
    // T3 is 法务部's task: its lead claims it.
    const res = await bot.post(groupPostEvent({ token, chatId: FEISHU_CHATS.cyber, senderOpenId: 'ou_zhou-fawu', botOpenId: bot.api.botOpenId, post }));
    expect(res.status).toBe(200);
    const claimed = bot.core.db
      .select()
      .from(timeline)
      .all()
      .filter((t) => t.kind === 'task_claimed');
    expect(claimed.map((t) => t.text)).toEqual([expect.stringContaining('T3')]);
  });

  it('the locale-keyed shape, the bot named by open_id, the command on a later paragraph', async () => {
    const bot = await startFeishuBot();
    const post = {
      zh_cn: {
        title: '紧急',
        content: [
          [{ tag: 'at', user_id: bot.api.botOpenId, user_name: '烽火' }],
          [
            { tag: 'text', text: '预警 蓝 ' },
            { tag: 'a', text: 'https://weibo.com/9', href: 'https://weibo.com/9' },
            { tag: 'text', text: ' 网传停电' },
          ],
        ],
      },
    };
    await bot.post(groupPostEvent({ token, chatId: FEISHU_CHATS.command, senderOpenId: 'ou_zheng-jiance', botOpenId: bot.api.botOpenId, post }));
    const [incident] = bot.core.db.select().from(incidents).all();
    expect(incident).toMatchObject({ level: 'blue', title: expect.stringContaining('网传停电') });
  });
});

describe('decodeFeishu rich text', () => {
  const decode = (post: unknown, mentions: unknown[] = [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: '烽火' }]) =>
    decodeFeishu(
      {
        schema: '2.0',
        header: { event_id: 'e', event_type: 'im.message.receive_v1' },
        event: {
          sender: { sender_id: { open_id: 'ou_s' }, sender_type: 'user' },
          message: { message_id: 'om_1', chat_id: 'oc_1', chat_type: 'group', message_type: 'post', content: JSON.stringify(post), mentions },
        },
      },
      'ou_bot',
    );

  it("joins the text of every paragraph, strips the bot's @ and keeps other people's", () => {
    const mentions = [
      { key: '@_user_1', id: { open_id: 'ou_bot' }, name: '烽火' },
      { key: '@_user_2', id: { open_id: 'ou_w' }, name: '王小宣' },
    ];
    const post = {
      title: '标题不是命令',
      content: [
        [
          { tag: 'at', user_id: '@_user_1' },
          { tag: 'text', text: '转交 T3' },
        ],
        [{ tag: 'at', user_id: '@_user_2', user_name: '王小宣' }],
      ],
    };
    expect(decode(post, mentions)).toMatchObject({ kind: 'message', event: { text: '转交 T3 @王小宣', addressed: true } });
  });

  it('keeps links as their address and drops images, emoji and rules', () => {
    const post = {
      content: [
        [
          { tag: 'at', user_id: '@_user_1' },
          { tag: 'text', text: '上报 ' },
          { tag: 'a', text: '微博原帖', href: 'https://weibo.com/1' },
          { tag: 'img', image_key: 'img_x' },
        ],
        [{ tag: 'emotion', emoji_type: 'SMILE' }],
        [{ tag: 'hr' }],
      ],
    };
    expect(decode(post)).toMatchObject({ kind: 'message', event: { text: '上报 微博原帖 https://weibo.com/1' } });
  });

  it('reads the locale-keyed shape (zh_cn first, else the first locale); the flat shape wins when both are there', () => {
    const para = (text: string) => [
      [
        { tag: 'at', user_id: 'ou_bot' },
        { tag: 'text', text },
      ],
    ];
    expect(decode({ en_us: { content: para('status') }, zh_cn: { content: para('状态') } })).toMatchObject({ event: { text: '状态' } });
    expect(decode({ ja_jp: { content: para('列表') } })).toMatchObject({ event: { text: '列表' } });
    expect(decode({ content: para('值班'), zh_cn: { content: para('状态') } })).toMatchObject({ event: { text: '值班' } });
  });

  it('a rich text that does not @ the bot is not addressed to it; @所有人 is not the bot', () => {
    const mentions = [{ key: '@_all', id: {}, name: '所有人' }];
    expect(
      decode(
        {
          content: [
            [
              { tag: 'at', user_id: 'all', user_name: '所有人' },
              { tag: 'text', text: ' 开会' },
            ],
          ],
        },
        mentions,
      ),
    ).toMatchObject({ event: { text: '@所有人 开会', addressed: false } });
  });

  it('content that is not a rich text is refused as malformed', () => {
    expect(decode('not an object')).toMatchObject({ kind: 'invalid' });
    expect(decode({ zh_cn: 'x' })).toMatchObject({ kind: 'invalid' });
  });
});
