// Grouping: which topic an item belongs to. Leader clustering by Jaccard similarity —
// |A ∩ B| / |A ∪ B| — between the item's token set and each topic's (the set of the item that
// started it). The token set is the item's keywords (normalised); an item with fewer than two
// keywords is compared by the character bigrams of its title instead. An inverted index from token
// to topics finds the candidates, so an item is compared only with topics it shares a token with
// and the intersection counts fall out of the posting lists: exact Jaccard, no pairwise scan.

const MIN_KEYWORDS = 2;

export function tokensOf(item: { keywords: readonly string[]; title: string }): string[] {
  const keywords = [...new Set(item.keywords.map((k) => k.normalize('NFKC').trim().toLowerCase()).filter((k) => k.length > 0))];
  if (keywords.length >= MIN_KEYWORDS) return keywords;
  const chars = [
    ...item.title
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s\p{P}\p{S}]+/gu, ''),
  ];
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) bigrams.add(`t:${chars[i]}${chars[i + 1]}`);
  if (bigrams.size === 0 && chars.length === 1) bigrams.add(`t:${chars[0]}`);
  return [...bigrams];
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const set = new Set(a);
  let inter = 0;
  for (const t of new Set(b)) if (set.has(t)) inter++;
  return inter / (set.size + new Set(b).size - inter);
}

/** The topics an item may join, indexed by token. Built once per batch; new topics are added as they form. */
export class TopicIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly sizes = new Map<number, number>();

  constructor(topics: Iterable<{ id: number; tokens: readonly string[] }> = []) {
    for (const t of topics) this.add(t.id, t.tokens);
  }

  add(id: number, tokens: readonly string[]): void {
    const unique = [...new Set(tokens)];
    this.sizes.set(id, unique.length);
    for (const token of unique) {
      const list = this.postings.get(token);
      if (list) list.push(id);
      else this.postings.set(token, [id]);
    }
  }

  /** The most similar topic at or above `threshold` (ties: the newest), or undefined. */
  best(tokens: readonly string[], threshold: number): { id: number; similarity: number } | undefined {
    const unique = [...new Set(tokens)];
    const shared = new Map<number, number>();
    for (const token of unique) for (const id of this.postings.get(token) ?? []) shared.set(id, (shared.get(id) ?? 0) + 1);
    let best: { id: number; similarity: number } | undefined;
    for (const [id, inter] of shared) {
      const similarity = inter / (unique.length + this.sizes.get(id)! - inter);
      if (similarity < threshold) continue;
      if (!best || similarity > best.similarity || (similarity === best.similarity && id > best.id)) best = { id, similarity };
    }
    return best;
  }
}
