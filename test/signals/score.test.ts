// The indicator system as numbers: item weights, the score's parts, and the level each score
// gives under the shipped playbook's thresholds — at every edge, and with hysteresis.
import { describe, expect, it } from 'vitest';
import { loadYamlFile } from '../../src/config/load-yaml';
import { playbookSchema } from '../../src/core/playbook/schema';
import { levelForScore } from '../../src/core/signals/level';
import { itemWeight, saturate, scoreTopic } from '../../src/core/signals/score';
import type { Level } from '../../src/core/levels';

const ind = loadYamlFile('config/playbook.yaml', playbookSchema).indicators;
const base = { source: 'forum', reads: 0, reposts: 0, comments: 0, likes: 0, followers: 0, verified: false };

describe('item weight', () => {
  it('is reach × author weight × source authority, from the playbook', () => {
    expect(ind.thresholds).toEqual({ blue: 30, yellow: 45, orange: 60, red: 75 });
    expect(itemWeight(ind, { ...base, source: 'default-site' })).toBe(1);
    // reach 1 + 100·1 + 2·20 + 3·10 + 4·2 = 179; author 1 + 0.25·log10(1 + 999) + 0.5 = 2.25; forum 0.8
    expect(itemWeight(ind, { ...base, reads: 100, reposts: 2, comments: 3, likes: 4, followers: 999, verified: true })).toBeCloseTo(179 * 2.25 * 0.8, 9);
    expect(itemWeight(ind, { ...base, source: ' News ' })).toBe(1.5);
  });
});

describe('source authority keys', () => {
  it('match whatever case the playbook writes them in', () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const parsed = playbookSchema.parse({ ...playbook, indicators: { ...playbook.indicators, sourceAuthority: { Default: 1, ' News ': 2, WeiBo: 1.2 } } });
    expect(parsed.indicators.sourceAuthority).toEqual({ default: 1, news: 2, weibo: 1.2 });
    expect(itemWeight(parsed.indicators, { ...base, source: 'NEWS' })).toBe(2);
    expect(itemWeight(parsed.indicators, { ...base, source: 'weibo' })).toBe(1.2);
    // Only the table's own keys count: a source named like an Object property is just unknown.
    expect(itemWeight(parsed.indicators, { ...base, source: 'constructor' })).toBe(1);
  });

  it('written twice in different case is refused, with the key named', () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const result = playbookSchema.safeParse({ ...playbook, indicators: { ...playbook.indicators, sourceAuthority: { news: 1.5, News: 2 } } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join('.')}：${i.message}`)).toEqual([expect.stringMatching(/^indicators\.sourceAuthority：.*news/)]);
  });
});

describe('score', () => {
  it('saturates each part at the playbook half-way points and weighs them', () => {
    expect(saturate(0, 10)).toBe(0);
    expect(saturate(10, 10)).toBe(0.5);
    const s = scoreTopic(ind, { weightSum: 200_000, negativeWeightSum: 100_000, perHour: 300, perHourBefore: 150 });
    // influence ½, speed ½, growth (300 − 150)/150 = 1 → trend ½, negativity ½: every part at half → 50.
    expect(s).toEqual({ influence: 0.5, speed: 0.5, trend: 0.5, negativity: 0.5, score: 50 });
  });

  it('measures growth against at least trendBase mentions, and never rewards a slowdown', () => {
    expect(scoreTopic(ind, { weightSum: 0, negativeWeightSum: 0, perHour: 3, perHourBefore: 1 }).trend).toBeCloseTo(saturate(2 / 20, 1), 12);
    expect(scoreTopic(ind, { weightSum: 0, negativeWeightSum: 0, perHour: 10, perHourBefore: 400 }).trend).toBe(0);
  });

  it('is 0 for nothing and 100 at the limit', () => {
    expect(scoreTopic(ind, { weightSum: 0, negativeWeightSum: 0, perHour: 0, perHourBefore: 0 }).score).toBe(0);
    expect(scoreTopic(ind, { weightSum: 1e15, negativeWeightSum: 1e15, perHour: 1e12, perHourBefore: 0 }).score).toBe(100);
  });
});

describe('level with hysteresis', () => {
  const at = (score: number, previous: Level | null = null) => levelForScore(score, previous, ind);

  it('enters each level exactly at its threshold, not a hair below', () => {
    expect([at(29.9), at(30), at(44.9), at(45), at(59.9), at(60), at(74.9), at(75), at(100)]).toEqual([
      null,
      'blue',
      'blue',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
      'red',
    ]);
  });

  it('keeps a level down to threshold − hysteresis, and leaves it just below', () => {
    expect([at(25, 'blue'), at(24.9, 'blue')]).toEqual(['blue', null]);
    expect([at(40, 'yellow'), at(39.9, 'yellow')]).toEqual(['yellow', 'blue']);
    expect([at(55, 'orange'), at(54.9, 'orange')]).toEqual(['orange', 'yellow']);
    expect([at(70, 'red'), at(69.9, 'red')]).toEqual(['red', 'orange']);
  });

  it('falls through several bands when the score drops far, keeping the band it lands in', () => {
    expect(at(42, 'red')).toBe('yellow'); // below orange − 5, inside yellow − 5 … yellow
    expect(at(27, 'red')).toBe('blue');
    expect(at(10, 'red')).toBe(null);
  });

  it('holds nothing it never had: rising into a band is always at the threshold', () => {
    expect(at(57, 'yellow')).toBe('yellow');
    expect(at(57, null)).toBe('yellow');
    expect(at(73, 'orange')).toBe('orange');
  });

  it('a score hovering at an edge does not flap', () => {
    const scores = [60.2, 59.1, 60.4, 56.0, 61.0, 55.5, 59.9];
    let level: Level | null = 'yellow';
    const seen = scores.map((s) => (level = levelForScore(s, level, ind)));
    expect(seen).toEqual(['orange', 'orange', 'orange', 'orange', 'orange', 'orange', 'orange']);
  });
});

describe('the indicators section of the playbook', () => {
  it('has defaults, so a playbook without it still parses', () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const { indicators: _i, ...older } = playbook;
    const parsed = playbookSchema.parse({ ...older, permissions: { ...older.permissions, confirmWarning: undefined } });
    expect(parsed.indicators.thresholds).toEqual({ blue: 30, yellow: 45, orange: 60, red: 75 });
    expect(parsed.indicators.automatic).toEqual(['blue', 'yellow']);
    expect(parsed.permissions.confirmWarning).toEqual(['总指挥', '副总指挥']);
  });

  it('refuses thresholds out of order, and an unknown automatic level, with the path', () => {
    const playbook = loadYamlFile('config/playbook.yaml', playbookSchema);
    const result = playbookSchema.safeParse({ ...playbook, indicators: { thresholds: { blue: 50, yellow: 45, orange: 60, red: 75 }, automatic: ['purple'] } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join('.')}：${i.message}`)).toEqual(
      expect.arrayContaining([
        'indicators.thresholds：阈值要从低到高：blue < yellow < orange < red',
        'indicators.automatic.0：「purple」不是级别；可用：red、orange、yellow、blue',
      ]),
    );
  });
});
