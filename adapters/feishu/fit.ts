// Every card we send stays inside two documented limits, however large the incident:
//  - "卡片 JSON 2.0 结构中，一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）或组件"
//    (全量更新卡片实体, error 300305; a message with more fails with 230099). Each open task costs
//    five: its line, and a column_set, column, button and the button's text.
//  - "卡片及富文本消息请求体最大不能超过30KB" (发送消息, 230025) — the request body, in which the card
//    travels as a JSON string, escaped a second time.
// Degrading, from least to most: long texts clipped to 3000 characters; then the longest run of
// task lines and buttons keeps its first buttons and lists the rest as lines with the reply that
// does what the button did (回复「认领 T31」认领); then the last lines give way to 「另有 N 项未显示」;
// then texts are clipped to 400 and the same again; failing all that, the title and where to read
// the rest. See docs/platforms/feishu.md.
import { buttonReplyCommand, type Block, type Card } from '../../src/core/outbound/index';
import { drawCard, mentionLine, SEE_ELSEWHERE, shell, type FeishuCard, type Part } from './render';

export const MAX_COMPONENTS = 200;
/**
 * Our ceiling for the request body: 30 KB read as 30 000 bytes, less room for the rest of the body
 * (receive_id, msg_type, uuid: under 200 bytes) and for Feishu counting its own markup ("若消息中包含
 * 大量样式标签，会使实际消息体长度大于您输入的请求体长度", 230025).
 */
export const MAX_REQUEST_BYTES = 28_000;

export function renderFeishuCard(card: Card): FeishuCard {
  const run = longestRun(card.blocks);
  for (const maxChars of [3000, 400]) {
    const drawn = leastFolded(card, run, maxChars);
    if (drawn) return drawn;
  }
  return lastResort(card);
}

/** Bytes of the card as it travels: a JSON string inside the JSON request body. */
export function requestBytes(card: FeishuCard): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)));
}

/** Objects with a `tag`, nested ones included: what the 200 counts. */
export function componentCount(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, child) => sum + componentCount(child), 0);
  if (node === null || typeof node !== 'object') return 0;
  let sum = typeof (node as { tag?: unknown }).tag === 'string' ? 1 : 0;
  for (const child of Object.values(node)) sum += componentCount(child);
  return sum;
}

const fits = (drawn: FeishuCard) => componentCount(drawn) <= MAX_COMPONENTS && requestBytes(drawn) <= MAX_REQUEST_BYTES;

interface Run {
  start: number;
  blocks: Block[];
}

/** The longest stretch of consecutive markdown and button blocks (an incident's task list): what folds. */
function longestRun(blocks: readonly Block[]): Run | undefined {
  let best: Run | undefined;
  let start = 0;
  for (let i = 0; i <= blocks.length; i++) {
    const block = blocks[i];
    if (block && (block.type === 'markdown' || block.type === 'actions')) continue;
    if (i - start > (best?.blocks.length ?? 0)) best = { start, blocks: blocks.slice(start, i) };
    start = i + 1;
  }
  return best;
}

/**
 * The fitting drawing with the least folding. Step 0 folds nothing; steps 1…n fold the run's last
 * 1…n blocks into lines; further steps hide lines from the end. Each step holds less than the one
 * before, so a binary search finds the first that fits; whatever it returns was checked.
 */
function leastFolded(card: Card, run: Run | undefined, maxChars: number): FeishuCard | undefined {
  const draw = (step: number) => drawCard(card, run ? foldedAt(card.blocks, run, step) : card.blocks, maxChars);
  const last = run ? run.blocks.length + run.blocks.filter((b) => b.type === 'markdown').length : 0;
  let found = draw(last);
  if (!fits(found)) return undefined;
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const drawn = draw(mid);
    if (fits(drawn)) [hi, found] = [mid, drawn];
    else lo = mid + 1;
  }
  return found;
}

function foldedAt(blocks: readonly Block[], run: Run, step: number): Part[] {
  if (step === 0) return [...blocks];
  let kept = Math.max(run.blocks.length - step, 0);
  // A button stays with its line: never fold a line and keep its buttons drawn.
  while (kept > 0 && run.blocks[kept]?.type === 'actions') kept--;
  const lines = linesOf(run.blocks.slice(kept));
  const hide = Math.min(Math.max(step - run.blocks.length, 0), lines.length);
  return [
    ...blocks.slice(0, run.start),
    ...run.blocks.slice(0, kept),
    { type: 'folded', lines: lines.slice(0, lines.length - hide), hidden: hide },
    ...blocks.slice(run.start + run.blocks.length),
  ];
}

/** One line per markdown block; a button becomes the reply that does the same, after its line. */
function linesOf(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.type === 'markdown') lines.push(b.text);
    if (b.type !== 'actions') continue;
    const replies = b.buttons.map((btn) => `回复「${buttonReplyCommand(btn.action, btn.value)}」${btn.label}`).join('；');
    if (lines.length > 0) lines[lines.length - 1] += ` · ${replies}`;
    else lines.push(replies);
  }
  return lines;
}

/** Nothing else fits: the title, where to read the card, and the @mentions if they fit too. */
function lastResort(card: Card): FeishuCard {
  const title = card.title.length > 60 ? `${card.title.slice(0, 60)}…` : card.title;
  const notice = { tag: 'markdown', content: `内容太多，飞书卡片放不下；请${SEE_ELSEWHERE}。` };
  const mentions = mentionLine(card);
  const withMentions = shell(card, mentions ? [notice, { tag: 'markdown', content: mentions }] : [notice], title);
  return fits(withMentions) ? withMentions : shell(card, [notice], title);
}
