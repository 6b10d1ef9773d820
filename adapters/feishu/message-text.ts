// The words of a received message, as one line of command text, and whether it @s the bot.
// Content shapes from 接收消息内容结构 (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/im-v1/message/events/message_content):
//   text: {"text": "@_user_1 认领 T3"} — each @ is a placeholder key listed in message.mentions.
//   post: {"title": "…", "content": [[{"tag": "at", "user_id": "@_user_1"}, {"tag": "text", "text": " 认领 T3"}], …]}
//         — one array per paragraph. The sending side nests that under a locale ({"zh_cn": {…}}),
//         and the official SDK reads both; so do we. The SDK also takes an `at`'s user_id as an
//         open_id, where the document shows the placeholder key: either is resolved.

export interface MentionRef {
  key: string;
  name?: string | undefined;
  id: { open_id?: string | undefined };
}

const LOCALES = ['zh_cn', 'en_us', 'ja_jp'];

/**
 * The command text of a `text` or `post` message (the bot's own @ removed, others' kept as @name,
 * whitespace collapsed) and whether the bot was @-ed. `botOpenId` unknown: any @ counts as the bot.
 * undefined when the content is not of its declared type.
 */
export function commandText(
  messageType: 'text' | 'post',
  content: string,
  mentions: MentionRef[],
  botOpenId: string | undefined,
): { text: string; mentionsBot: boolean } | undefined {
  const parsed = parseJson(content);
  const withKeys = messageType === 'text' ? (typeof parsed?.text === 'string' ? parsed.text : undefined) : postText(parsed, mentions);
  if (withKeys === undefined) return undefined;
  const botMention = mentions.find((x) => (botOpenId ? x.id.open_id === botOpenId : true));
  // One pass over every placeholder, so @_user_1 is never matched inside @_user_10.
  const byKey = new Map(mentions.map((x) => [x.key, x]));
  const text = withKeys.replace(/@_user_\d+|@_all/g, (key) => {
    const x = byKey.get(key);
    if (!x) return key;
    return x === botMention ? '' : `@${x.name ?? ''}`;
  });
  return { text: text.replace(/\s+/g, ' ').trim(), mentionsBot: botMention !== undefined };
}

/** A rich text as plain text with mention placeholders: paragraphs on their own lines, title left out. */
function postText(parsed: Record<string, unknown> | undefined, mentions: MentionRef[]): string | undefined {
  const body = postBody(parsed);
  if (!body) return undefined;
  return body
    .filter(Array.isArray)
    .map((paragraph) => paragraph.map((el) => elementText(el, mentions)).join(''))
    .join('\n');
}

/** The paragraphs: the received (flat) shape first, else the first locale that has them. */
function postBody(parsed: Record<string, unknown> | undefined): unknown[] | undefined {
  if (!parsed) return undefined;
  if (Array.isArray(parsed.content)) return parsed.content;
  const locales = [...LOCALES, ...Object.keys(parsed)];
  for (const locale of locales) {
    const inner = parsed[locale] as { content?: unknown } | undefined;
    if (Array.isArray(inner?.content)) return inner.content;
  }
  return undefined;
}

/** Words only: text, links (their address, so a 上报 keeps its source) and @s; images, emoji and rules say nothing. */
function elementText(el: unknown, mentions: MentionRef[]): string {
  const e = (el ?? {}) as { tag?: unknown; text?: unknown; href?: unknown; user_id?: unknown; user_name?: unknown };
  const text = typeof e.text === 'string' ? e.text : '';
  switch (e.tag) {
    case 'text':
      return text;
    case 'a': {
      const href = typeof e.href === 'string' ? e.href : '';
      return !text || text === href ? href : `${text} ${href}`;
    }
    case 'at': {
      const id = typeof e.user_id === 'string' ? e.user_id : '';
      const key = id === 'all' ? '@_all' : id;
      const mention = mentions.find((m) => m.key === key || (id !== '' && m.id.open_id === id));
      if (mention) return ` ${mention.key} `;
      return typeof e.user_name === 'string' && e.user_name ? ` @${e.user_name} ` : '';
    }
    default:
      return '';
  }
}

function parseJson(content: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(content);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
