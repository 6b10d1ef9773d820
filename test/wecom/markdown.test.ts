// The two WeCom markdown dialects as we write them: markdown (v1) for group robot webhooks, where
// `<@userid>` and three font colours work, and the intelligent robot's markdown_v2, where neither
// does (WWD 99110, 101138). People's words are never tags in either.
import { describe, expect, it } from 'vitest';
import { mentionText, robotMarkdown, webhookMarkdown } from '../../adapters/wecom/markdown';
import type { Card } from '../../src/core/outbound/index';

const warning = (text: string): Card => ({
  title: '橙色预警 · YQ-20261121-001',
  level: 'orange',
  blocks: [
    { type: 'text', text },
    { type: 'actions', buttons: [{ label: '认领', action: 'claim', value: 'T1' }] },
  ],
  mentions: [
    { memberId: 1, name: '孙宣传', userId: 'sun-xuanchuan' },
    { memberId: 2, name: '没有企业微信的人' },
  ],
});

describe('group robot webhook markdown (v1)', () => {
  it("colours the title and @mentions with <@userid>; a person's own <@…> or <font> is text", () => {
    const md = webhookMarkdown(warning('有人写了 <@zhao-zong> 和 <font color="info">绿字</font>'));
    expect(md).toMatch(/^## <font color="warning">橙色预警 · YQ-20261121-001<\/font>\n/);
    expect(md.endsWith('\n<@sun-xuanchuan>')).toBe(true);
    expect(md).toContain('有人写了 ＜@zhao-zong> 和 ＜font color="info">绿字＜/font>');
    expect(md).toContain('回复「认领 T1」认领');
  });

  it('a long card is cut to 4096 bytes with a note, and the mentions are never the part cut', () => {
    const md = webhookMarkdown(warning('长'.repeat(3000)));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(4096);
    expect(md).toContain('…（内容过长，已截断；');
    expect(md.endsWith('\n<@sun-xuanchuan>')).toBe(true);
  });
});

describe('intelligent robot markdown (markdown_v2)', () => {
  it('has no <font> and no <@userid>; names stay as plain text; a group reply says to @ the robot', () => {
    const md = robotMarkdown(warning('有人写了 <@zhao-zong>'), true);
    expect(md).not.toMatch(/<font|<@/);
    expect(md).toMatch(/^## 【橙】橙色预警 · YQ-20261121-001\n/);
    expect(md).toContain('@孙宣传');
    expect(md).toContain('回复「认领 T1」认领');
    expect(md).toContain('请先 @我');
    expect(robotMarkdown(warning('x'), false)).not.toContain('请先 @我');
  });

  it('is cut to 4096 bytes on a character boundary with a note', () => {
    const md = robotMarkdown(warning('长'.repeat(3000)), true);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(4096);
    expect(md.endsWith('…（内容过长，已截断；发送「状态」查看最新情况）')).toBe(true);
    expect(md).not.toContain('\uFFFD');
  });
});

describe('mentions for a group robot text message', () => {
  it('lists the userids WeCom can notify, and says what to look at', () => {
    expect(mentionText(warning('x'))).toEqual({ content: '请 孙宣传 查看：橙色预警 · YQ-20261121-001', mentioned_list: ['sun-xuanchuan'] });
    expect(mentionText({ ...warning('x'), mentions: [] })).toBeUndefined();
  });
});
