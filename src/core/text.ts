// Small helpers for reading what people type.
const URL_PATTERN = /https?:\/\/[^\s，。、）)】]+/gi;

export function extractLinks(text: string): { links: string[]; rest: string } {
  const links = [...text.matchAll(URL_PATTERN)].map((m) => m[0]);
  const rest = text.replace(URL_PATTERN, ' ').replace(/\s+/g, ' ').trim();
  return { links, rest };
}

/** The site a link comes from, as the lead's source: `weibo.com`. */
export function sourceOfLink(link: string): string {
  try {
    return new URL(link).hostname.replace(/^www\./, '');
  } catch {
    return '链接';
  }
}

/** A share 0..1 as people read it: `35%`. */
export function percent(x: number | undefined): string {
  return `${Math.round((x ?? 0) * 100)}%`;
}

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
