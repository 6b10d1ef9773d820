// What the Feishu Open API checks in an interactive card (JSON 2.0) before it sends or patches
// one, as the documents state it. Used by the fake Open API; each rule cites its document.
// Refusals carry 230099 with the `ext=ErrCode: …; ErrMsg: …` detail Feishu puts in `msg`
// (shape seen in larksuite/openclaw-lark#46: "Failed to create card content, ext=ErrCode: 11310;
// ErrMsg: card table number over limit; ErrorValue: table; ").

export type CardVerdict = { ok: true; card: any } | { ok: false; code: number; msg: string };

/**
 * 卡片 JSON 2.0 结构 — https://open.feishu.cn/document/feishu-cards/card-json-v2-structure:
 * header.template ∈ these colours ("blue|wathet|…|default").
 */
const TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']);

/**
 * The components our renderer uses, all present in the 2.0 component list (卡片 JSON 2.0 版本组件概述,
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/component-json-v2-overview).
 * 2.0 drops two 1.0 modules — "废弃备注组件 & 交互模块" (卡片 JSON 2.0 版本更新说明,
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-breaking-changes-release-notes):
 * `note` and `action` are refused like any unknown tag ("传入不支持的属性将报错").
 */
const COMPONENTS = new Set(['markdown', 'div', 'hr', 'column_set', 'column', 'button', 'img']);
const TEXT_TAGS = new Set(['plain_text', 'lark_md']);
/** 按钮 behaviors[].type (2.0 button component): open_url | callback | form_action. */
const BEHAVIOURS = new Set(['open_url', 'callback', 'form_action']);

/**
 * "卡片 JSON 2.0 结构中，一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件。请将组件和
 * 元素的数量之和控制在 200 个以内" (全量更新卡片实体, error 300305 "The number of card components
 * exceeds 200"; PUT /open-apis/cardkit/v1/cards/:card_id). Every object with a `tag` counts, nested
 * ones and the header's title included: the stricter reading. Sending such a card as a message fails
 * with 230099 (the message API's "Failed to create card content").
 */
export const MAX_CARD_COMPONENTS = 200;

export function checkCard(content: string): CardVerdict {
  let card: any;
  try {
    card = JSON.parse(content);
  } catch {
    return refuse('content is not JSON');
  }
  if (card === null || typeof card !== 'object') return refuse('content is not a card object');
  // "JSON 2.0 … 必须声明 "schema":"2.0"", "elements 属性放置在 body 层级下" (版本更新说明).
  if (card.schema !== '2.0') return refuse('schema must be "2.0"');
  if (!Array.isArray(card.body?.elements)) return refuse('body.elements must be an array');
  // "update_multi 默认值变更为 true，且暂时仅支持设为 true" (版本更新说明).
  if (card.config?.update_multi !== undefined && card.config.update_multi !== true) return refuse('update_multi only supports true in 2.0');
  if (card.header !== undefined) {
    if (card.header.template !== undefined && !TEMPLATES.has(card.header.template)) return refuse(`unknown header template ${card.header.template}`);
    const problem = textProblem(card.header.title, 'header.title');
    if (problem) return refuse(problem);
  }
  for (const el of card.body.elements) {
    const problem = componentProblem(el);
    if (problem) return refuse(problem);
  }
  const count = countTagged(card);
  if (count > MAX_CARD_COMPONENTS) return refuse(`element exceeds the limit (${count} > ${MAX_CARD_COMPONENTS})`);
  return { ok: true, card };
}

/** Every object carrying a string `tag`, anywhere in the card: components and text elements alike. */
export function countTagged(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + countTagged(x), 0);
  if (node === null || typeof node !== 'object') return 0;
  const self = typeof (node as { tag?: unknown }).tag === 'string' ? 1 : 0;
  return self + Object.values(node).reduce((n: number, x) => n + countTagged(x), 0);
}

function componentProblem(el: any): string | undefined {
  if (typeof el?.tag !== 'string') return 'a component without a tag';
  if (!COMPONENTS.has(el.tag)) return `unsupported tag ${el.tag}`;
  switch (el.tag) {
    case 'markdown':
      return typeof el.content === 'string' ? undefined : 'markdown.content must be a string';
    case 'div':
      return textProblem(el.text, 'div.text');
    case 'column_set':
      if (!Array.isArray(el.columns)) return 'column_set.columns must be an array';
      for (const col of el.columns) {
        if (col?.tag !== 'column' || !Array.isArray(col.elements)) return 'column_set.columns[] must be columns with elements';
        for (const inner of col.elements) {
          const problem = componentProblem(inner);
          if (problem) return problem;
        }
      }
      return undefined;
    case 'column':
      return 'a column outside a column_set';
    case 'button':
      return buttonProblem(el);
    default:
      return undefined;
  }
}

function buttonProblem(el: any): string | undefined {
  const text = textProblem(el.text, 'button.text');
  if (text) return text;
  for (const b of el.behaviors ?? []) {
    if (!BEHAVIOURS.has(b?.type)) return `unknown button behaviour ${b?.type}`;
    // "开放平台 SDK 仅支持 object 类型的回传交互数据" (飞书卡片「折叠按钮组」组件文档; see
    // docs/platforms/feishu.md): a callback value that is not an object is refused.
    if (b.type === 'callback' && (b.value === null || typeof b.value !== 'object' || Array.isArray(b.value))) return 'callback value must be an object';
  }
  if (el.confirm !== undefined) {
    const problem = textProblem(el.confirm.title, 'button.confirm.title') ?? textProblem(el.confirm.text, 'button.confirm.text');
    if (problem) return problem;
  }
  return undefined;
}

function textProblem(text: any, where: string): string | undefined {
  if (!TEXT_TAGS.has(text?.tag) || typeof text.content !== 'string') return `${where} must be {tag: plain_text|lark_md, content}`;
  return undefined;
}

/** 发送消息 error table: "400 | 230099 | Failed to create card content." */
function refuse(detail: string): CardVerdict {
  return { ok: false, code: 230099, msg: `Failed to create card content, ext=ErrCode: 11310; ErrMsg: ${detail}; ` };
}
