// People's words are never markup or links on any platform (issue 14, item 11): a member's 进展
// that reads like a Feishu login link, a task titled with markdown and an <at id=all>, a closing
// summary in bold. Our own links (a lead's address) stay links.
import { describe, expect, it } from 'vitest';
import { renderFeishuCard } from '../../adapters/feishu/fit';
import { renderConsoleCard } from '../../adapters/console/render';
import { markdownText, webhookMarkdown } from '../../adapters/wecom/markdown';
import type { Card } from '../../src/core/outbound/index';
import { startBot } from '../helpers/runtime';
import { FEISHU_CHATS, startFeishuBot, VERIFICATION_TOKEN } from '../fakes/feishu-bot';
import { groupTextEvent } from '../fakes/feishu-events';

const PHISH = '[飞书安全验证，点此重新登录](https://evil.example/login)';
const TAGGED = '**紧急** <at id=all></at> 见 https://evil.example/x';

/** Every markdown text in a drawn card (Feishu `markdown` elements, console `markdown` blocks): where markup acts. */
function markdownTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(markdownTexts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.tag === 'markdown' && typeof o.content === 'string' ? [o.content] : o.type === 'markdown' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(markdownTexts)];
}

/** A markdown link or a Feishu/WeCom tag that someone other than us wrote. */
function smuggled(text: string, opts: { tags: boolean } = { tags: true }): string[] {
  const found: string[] = [];
  if (/\]\(https:\/\/evil\.example/.test(text)) found.push('markdown link to evil.example');
  // The console escapes HTML itself and knows no <at>: there a < is just a character.
  if (opts.tags && /<at id=all>/.test(text)) found.push('<at id=all>');
  if (/\*\*紧急\*\*/.test(text)) found.push('bold from someone');
  if (/https:\/\/evil\.example/.test(text)) found.push('bare address (autolinked)');
  return found;
}

async function incidentWithWords(bot: ReturnType<typeof startBot>) {
  await bot.say('zheng-jiance', '预警 橙 某地网传停水 https://weibo.com/123');
  await bot.say('zheng-jiance', `进展 ${PHISH}`);
  await bot.say('zhao-zong', `任务 宣传部 ${TAGGED}`);
  await bot.say('zheng-jiance', '状态 YQ-20261121-001');
}

describe("people's words", () => {
  it('reach the console as text: no link, tag or bold of theirs; the lead stays a link', async () => {
    const bot = startBot();
    await incidentWithWords(bot);
    const status = await bot.card('橙色预警');
    const drawn = markdownTexts(status.card.blocks).join('\n');
    expect(drawn).toContain('飞书安全验证');
    expect(smuggled(drawn, { tags: false })).toEqual([]);
    expect(drawn).toContain('[weibo.com](https://weibo.com/123)');
  });

  it('reach Feishu groups as text: no link, tag or bold of theirs; the lead stays a link', async () => {
    const bot = await startFeishuBot();
    const say = (from: string, text: string) =>
      bot.post(groupTextEvent({ token: VERIFICATION_TOKEN, chatId: FEISHU_CHATS.command, senderOpenId: `ou_${from}`, botOpenId: bot.api.botOpenId, text }));
    await say('zheng-jiance', '预警 橙 某地网传停水 https://weibo.com/123');
    await say('zheng-jiance', `进展 ${PHISH}`);
    await say('zhao-zong', `任务 宣传部 ${TAGGED}`);
    await say('zheng-jiance', '状态 YQ-20261121-001');
    await bot.drain.drain();
    const cards = bot.api.inChat(FEISHU_CHATS.command).map((m) => markdownTexts(m.updates.at(-1) ?? m.card).join('\n'));
    expect(cards.some((c) => c.includes('飞书安全验证'))).toBe(true);
    expect(cards.flatMap((c) => smuggled(c))).toEqual([]);
    expect(cards.some((c) => c.includes('[weibo.com](https://weibo.com/123)'))).toBe(true);
  });

  it('every renderer draws a fenced run inertly, whatever it holds', () => {
    const card: Card = {
      title: `标题 ${TAGGED}`,
      blocks: [
        { type: 'markdown', text: `**ours** \uE000${PHISH} ${TAGGED}\uE001 [weibo.com](https://weibo.com/1)` },
        { type: 'text', text: PHISH },
        { type: 'note', text: TAGGED },
        { type: 'fields', fields: [{ label: '来源', value: PHISH }] },
      ],
    };
    for (const [platform, drawn] of [
      ['feishu', markdownTexts(renderFeishuCard(card)).join('\n')],
      ['wecom robot/app', markdownText(card)],
      ['wecom webhook', webhookMarkdown(card)],
      ['console', markdownTexts(renderConsoleCard(card).blocks).join('\n')],
    ] as const) {
      expect({ platform, smuggled: smuggled(drawn, { tags: platform !== 'console' }) }).toEqual({ platform, smuggled: [] });
      expect(drawn).toContain('weibo.com');
    }
  });
});
