// A document described without any word-processor detail: what it says, in the parts a Chinese
// official document has (标题, 主送, 正文, 附件, 落款, 成文日期). Reports, releases and reviews are
// built as one of these (pure data, JSON-safe), then drawn by officialDocument() (index.ts).

/** A paragraph of 正文, indented two characters; or a heading the caller has numbered (一、 / （一） / 1.). */
export type BodyBlock = string | { heading: 1 | 2 | 3; text: string };

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface OfficialDocumentSpec {
  /** 标题, centred in 2号小标宋; a long one wraps. */
  title: string;
  /** 主送机关, left-aligned under the title, ended with a full-width colon. Empty: no 主送 line. */
  to: readonly string[];
  body: readonly BodyBlock[];
  /** 附件说明: the attachments' names, numbered when there are several. */
  attachments?: readonly string[] | undefined;
  /** 落款: the issuing organisation's name (发文机关署名). */
  signature: string;
  /** 成文日期, written 2026年11月21日. */
  date: CalendarDate;
  /**
   * Marks at the top left in 3号黑体, where 份号, 密级 and 紧急程度 go: e.g. 「特急」, 「辟谣」.
   * Each is one line.
   */
  marks?: readonly string[] | undefined;
  /** 附注, in parentheses under the date (e.g. 联系人：冯办公，电话：…). */
  note?: string | undefined;
  /** Written into the file's properties (author, subject, keywords), not on the page. */
  properties?: { author?: string | undefined; subject?: string | undefined; keywords?: string | undefined } | undefined;
}

/** 2026年11月21日: the year in full, month and day without a leading zero (GB/T 9704-2012 7.3.5.1). */
export function formatChineseDate(date: CalendarDate): string {
  return `${date.year}年${date.month}月${date.day}日`;
}

/** How wide a line of text is, in characters of its size: CJK and full-width count 1, the rest half. */
export function widthInCharacters(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u0000-\u00ff]/.test(ch) ? 0.5 : 1;
  return width;
}
