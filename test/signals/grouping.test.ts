// Grouping by Jaccard similarity of keyword sets (title bigrams when an item has few keywords).
import { describe, expect, it } from 'vitest';
import { jaccard, TopicIndex, tokensOf } from '../../src/core/signals/grouping';

describe('grouping', () => {
  it('normalises keywords, and falls back to title bigrams with fewer than two', () => {
    expect(tokensOf({ keywords: [' 停水 ', '停水', 'ＡＢＣ'], title: 'x' })).toEqual(['停水', 'abc']);
    expect(tokensOf({ keywords: ['停水'], title: '某地停水！' })).toEqual(['t:某地', 't:地停', 't:停水']);
  });

  it('computes Jaccard exactly through the inverted index, and picks the most similar topic above the threshold', () => {
    const index = new TopicIndex([
      { id: 1, tokens: ['停水', '自来水', '某市'] },
      { id: 2, tokens: ['停电', '某市', '供电局', '检修'] },
    ]);
    const a = ['停水', '自来水', '某市', '三天'];
    expect(jaccard(a, ['停水', '自来水', '某市'])).toBe(0.75);
    expect(index.best(a, 0.3)).toEqual({ id: 1, similarity: 0.75 });
    // Shares only 某市 with each: 1/6 and 1/7, both below 0.3 → a new topic.
    expect(index.best(['某市', '学校', '食堂', '投诉'], 0.3)).toBeUndefined();
    index.add(3, ['某市', '学校', '食堂', '投诉']);
    expect(index.best(['学校', '食堂', '投诉', '家长'], 0.3)).toEqual({ id: 3, similarity: 0.6 });
  });

  it('the threshold is inclusive', () => {
    const index = new TopicIndex([{ id: 7, tokens: ['a', 'b', 'c'] }]);
    expect(index.best(['a', 'x', 'y'], 0.2)).toEqual({ id: 7, similarity: 0.2 });
    expect(index.best(['a', 'x', 'y'], 0.21)).toBeUndefined();
  });
});
