// The card's markdown: a small dialect of our own — **bold**, [label](https://link) and line
// breaks — that each adapter turns into its platform's (Feishu card markdown, WeCom markdown and
// markdown_v2, the console's HTML, plain text). People's words never become markup or links: a
// builder writes markdown only through `md`, which fences everything it is given between two
// private-use characters unless it is markdown made by `md` already. Adapters read a block back
// with `markdownSegments` and draw each fenced run inertly in their own dialect — escaping is
// per platform, so it is theirs; knowing which characters are people's is ours.

/** Markdown made by us. The only thing `markdown()` blocks take, so no string can slip in unescaped. */
export class Md {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

/** Opens and closes a run of someone's words inside markdown (Unicode private use: never typed, never shown). */
export const WORDS_OPEN = '\uE000';
export const WORDS_CLOSE = '\uE001';
const FENCES = /[\uE000\uE001]/g;

/** People's words (or any text we did not write) as markdown that shows exactly them. */
export function escapeWords(text: string): string {
  const bare = text.replace(FENCES, '');
  return bare ? `${WORDS_OPEN}${bare}${WORDS_CLOSE}` : '';
}

type Value = string | number | Md | null | undefined;

/** Markdown from a template: the template's own text is ours; every value is escaped unless it is Md. */
export function md(strings: TemplateStringsArray, ...values: Value[]): Md {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += v instanceof Md ? v.source : escapeWords(v === null || v === undefined ? '' : String(v));
    out += strings[i + 1]!;
  });
  return new Md(out);
}

/** Joins markdown with a separator of our own (" · ", a line break). */
export function joinMd(parts: readonly Md[], separator: string): Md {
  return new Md(parts.map((p) => p.source).join(separator));
}

export function bold(text: string | Md): Md {
  return md`**${text}**`;
}

/**
 * Our link to an address someone gave (a lead, a signal): only http(s), and characters that could
 * end the link early are percent-encoded. Anything else is shown as words, not a link.
 */
export function link(label: string, address: string): Md {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return md`${label} ${address}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return md`${label} ${address}`;
  const safe = url.href.replace(/[()<>"'\s\\[\]`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return new Md(`[${escapeWords(label)}](${safe})`);
}

export type Segment =
  /** Our own text: may be drawn as is. */
  | { kind: 'ours'; text: string }
  /** Someone's characters: drawn so that they cannot act as markup. */
  | { kind: 'words'; text: string }
  | { kind: 'bold'; segments: Segment[] }
  | { kind: 'link'; label: Segment[]; url: string };

/** Reads a markdown block back into what it is made of, for an adapter to draw. */
export function markdownSegments(source: string): Segment[] {
  const out: Segment[] = [];
  const ours = (text: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'ours') last.text += text;
    else out.push({ kind: 'ours', text });
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === WORDS_OPEN) {
      const end = source.indexOf(WORDS_CLOSE, i + 1);
      const stop = end < 0 ? source.length : end;
      out.push({ kind: 'words', text: source.slice(i + 1, stop) });
      i = stop + 1;
    } else if (c === WORDS_CLOSE) {
      i += 1;
    } else if (source.startsWith('**', i) && closing(source, i + 2, '**') >= 0) {
      const end = closing(source, i + 2, '**');
      out.push({ kind: 'bold', segments: markdownSegments(source.slice(i + 2, end)) });
      i = end + 2;
    } else if (c === '[' && closing(source, i + 1, '](') >= 0 && source.indexOf(')', closing(source, i + 1, '](') + 2) >= 0) {
      const end = closing(source, i + 1, '](');
      const close = source.indexOf(')', end + 2);
      out.push({ kind: 'link', label: markdownSegments(source.slice(i + 1, end)), url: source.slice(end + 2, close) });
      i = close + 1;
    } else {
      ours(c);
      i += 1;
    }
  }
  return out;
}

/** Where `token` next appears outside someone's words at or after `from`; -1 if nowhere. */
function closing(source: string, from: number, token: string): number {
  for (let i = from; i < source.length; i++) {
    if (source[i] === WORDS_OPEN) {
      const end = source.indexOf(WORDS_CLOSE, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (source.startsWith(token, i)) return i;
  }
  return -1;
}

/** The block as plain characters: bold unmarked, a link as its label and address; `inert` draws the characters. */
export function markdownToPlain(source: string, inert: (text: string) => string = (t) => t): string {
  return renderMarkdown(source, { ours: inert, words: inert, bold: (inner) => inner, link: (label, url) => `${label} ${url}` });
}

/** How one platform writes each part of our markdown. */
export interface MarkdownDialect {
  /** Our own text. */
  ours(text: string): string;
  /** Someone's characters, drawn so that they are no markup in this dialect. */
  words(text: string): string;
  bold(inner: string): string;
  link(label: string, url: string): string;
}

/** Draws a markdown block in a platform's dialect. */
export function renderMarkdown(source: string, dialect: MarkdownDialect): string {
  const draw = (segments: readonly Segment[]): string =>
    segments
      .map((s) => {
        switch (s.kind) {
          case 'ours':
            return dialect.ours(s.text);
          case 'words':
            return dialect.words(s.text);
          case 'bold':
            return dialect.bold(draw(s.segments));
          case 'link':
            return dialect.link(draw(s.label), s.url);
        }
      })
      .join('');
  return draw(markdownSegments(source));
}

const LOOKALIKE: Record<string, string> = { '[': '［', ']': '］', '*': '＊', _: '＿', '~': '～', '`': '｀', '#': '＃', '|': '｜', '\\': '＼' };

/**
 * Someone's characters made inert for a markdown renderer: the characters that open emphasis,
 * links, code or headings become their full-width look-alikes (a Chinese reader sees the same
 * text), and "://" gets a zero-width space so no renderer turns an address into a link. Angle
 * brackets and & are left to the dialect (HTML entities where it has them).
 */
export function inertWords(text: string): string {
  return text.replace(/[[\]*_~`#|\\]/g, (c) => LOOKALIKE[c]!).replace(/:\/\//g, ':/\u200b/');
}
