// Finding the command in a line: names, aliases, slash, glued arguments, typos.
import { describe, expect, it } from 'vitest';
import { COMMANDS, helpCard, matchCommand, suggest } from '../../src/core/commands/registry';
import { cardToText } from '../../src/core/cards/text-fallback';

function name(line: string): string | undefined {
  const m = matchCommand(line);
  return m.kind === 'command' ? m.spec.name : undefined;
}

describe('matchCommand', () => {
  it('reads Chinese names, English aliases and an optional leading slash', () => {
    expect(name('认领 T3')).toBe('认领');
    expect(name('/claim T3')).toBe('认领');
    expect(name('／状态')).toBe('状态');
    expect(name('STATUS')).toBe('状态');
    expect(name('help')).toBe('帮助');
  });

  it('splits a Chinese command glued to its argument', () => {
    const m = matchCommand('认领T3');
    expect(m).toMatchObject({ kind: 'command', words: ['T3'], rest: 'T3' });
  });

  it('keeps the rest of the line for free text', () => {
    const m = matchCommand('进展   已联系当事人  核实中');
    expect(m).toMatchObject({ kind: 'command', words: ['已联系当事人', '核实中'], rest: '已联系当事人  核实中' });
  });

  it('suggests the closest command for a typo, and nothing for unrelated words', () => {
    expect(suggest('认岭')?.name).toBe('认领');
    expect(suggest('驳会')?.name).toBe('驳回');
    expect(suggest('stauts')?.name).toBe('状态');
    expect(suggest('aprove')?.name).toBe('同意');
    expect(suggest('天气')).toBeUndefined();
    expect(matchCommand('天气真好')).toMatchObject({ kind: 'unknown', word: '天气真好', suggestion: undefined });
    expect(matchCommand('  ')).toEqual({ kind: 'empty' });
  });

  it('has no two commands sharing a word', () => {
    const words = COMMANDS.flatMap((c) => [c.name, ...c.aliases].map((w) => w.toLowerCase()));
    expect(words.length).toBe(new Set(words).size);
  });

  it('help lists every command and explains one with its example', () => {
    const all = cardToText(helpCard());
    for (const c of COMMANDS) expect(all).toContain(c.usage);
    expect(cardToText(helpCard('认领'))).toContain('例如：认领 T3');
  });
});

describe('text fallback', () => {
  it('turns buttons into reply commands, and a reject button asks for the reason', () => {
    const text = cardToText({
      title: '信息发布审批 · A12',
      level: 'orange',
      blocks: [
        { type: 'fields', fields: [{ label: '事件', value: 'YQ-20261121-003' }] },
        { type: 'markdown', text: '**内容** 见 [链接](https://example.org/a)' },
        {
          type: 'actions',
          buttons: [
            { label: '同意', action: 'approve', value: 'A12' },
            { label: '驳回', action: 'reject', value: 'A12' },
          ],
        },
      ],
      mentions: [{ memberId: 1, name: '孙宣传' }],
    });
    expect(text.split('\n')).toEqual([
      '【橙】信息发布审批 · A12',
      '事件：YQ-20261121-003',
      '内容 见 链接 https://example.org/a',
      '回复「同意 A12」同意；回复「驳回 A12 理由」驳回',
      '@孙宣传',
    ]);
  });
});

describe('parseLevel', () => {
  it('reads every way people write a level, and nothing else', async () => {
    const { parseLevel } = await import('../../src/core/levels');
    const cases: [string, string | undefined][] = [
      ['红', 'red'],
      ['红色', 'red'],
      ['RED', 'red'],
      ['Ⅰ级', 'red'],
      ['I级', 'red'],
      ['1级', 'red'],
      ['红色预警', 'red'],
      ['橙', 'orange'],
      ['Ⅱ级', 'orange'],
      ['黄色', 'yellow'],
      ['Ⅲ级', 'yellow'],
      ['blue', 'blue'],
      ['Ⅳ级', 'blue'],
      ['紫', undefined],
      ['constructor', undefined],
      ['', undefined],
    ];
    for (const [word, level] of cases) expect([word, parseLevel(word)]).toEqual([word, level]);
  });
});
