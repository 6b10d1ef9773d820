// The .docx writer: the file opens (its parts are there and say what the document says, in the
// official layout), and LibreOffice turns it into an A4 PDF whose page 1 renders to a PNG a person
// can look at (test-results/documents/; docs/images/official-document.png is one such rendering).
import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatChineseDate, officialDocument, widthInCharacters, type OfficialDocumentSpec } from '../../src/documents/index';
import { docxParagraphs, docxParts, renderDocx } from '../helpers/docx';

const SAMPLE: OfficialDocumentSpec = {
  marks: ['特急'],
  title: '关于网传某地停水三天的舆情初报',
  to: ['区委宣传部', '区委网信办'],
  body: [
    { heading: 1, text: '一、基本情况' },
    '11月21日8时30分，微博用户「某网友」发帖称某地停水三天，截至9时已转发340次、评论120条。',
    { heading: 2, text: '（一）传播态势' },
    '监测到相关信息12条，每小时提及约260次，评分71（橙色预警区间）。',
    { heading: 1, text: '二、已采取的措施' },
    '已启动橙色预警，宣传部起草回应口径，业务部核实供水情况。',
  ],
  attachments: ['线索清单', '监测数据。'],
  signature: '演示单位舆情应急指挥中心',
  date: { year: 2026, month: 11, day: 21 },
  note: '联系人：冯办公，电话：010-12345678',
  properties: { author: '烽火', subject: 'YQ-20261121-001 初报' },
};

describe('officialDocument', () => {
  it('writes a .docx whose parts hold the title, 主送, 正文, 附件, 落款 and 成文日期 in the official layout', async () => {
    const bytes = await officialDocument(SAMPLE);
    const parts = docxParts(bytes);
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'word/settings.xml', 'docProps/core.xml'])
      expect(parts.has(part), part).toBe(true);
    expect(parts.get('[Content_Types].xml')).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');

    const paragraphs = docxParagraphs(bytes).filter((p) => p !== '');
    expect(paragraphs).toEqual([
      '特急',
      '关于网传某地停水三天的舆情初报',
      '区委宣传部、区委网信办：',
      '一、基本情况',
      SAMPLE.body[1],
      '（一）传播态势',
      SAMPLE.body[3],
      '二、已采取的措施',
      SAMPLE.body[5],
      '附件：1.线索清单',
      '　　　2.监测数据',
      '演示单位舆情应急指挥中心',
      '2026年11月21日',
      '（联系人：冯办公，电话：010-12345678）',
    ]);

    const xml = parts.get('word/document.xml')!;
    // A4 (11906 × 16838 twips), 天头 37 mm, 订口 28 mm: a 156 × 225 mm type area; 22 lines a page.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toContain('w:linePitch="579"');
    // The fonts GB/T 9704 names: title 方正小标宋简体 2号 (44 half-points), body 仿宋_GB2312 3号, headings 黑体 / 楷体.
    const runOf = (text: string) => xml.split('<w:r>').find((r) => r.includes(`>${text}</w:t>`))!;
    expect(runOf(SAMPLE.title)).toContain('w:eastAsia="方正小标宋简体"');
    expect(runOf(SAMPLE.title)).toContain('<w:sz w:val="44"/>');
    expect(runOf(SAMPLE.body[1] as string)).toContain('w:eastAsia="仿宋_GB2312"');
    expect(runOf(SAMPLE.body[1] as string)).toContain('<w:sz w:val="32"/>');
    expect(runOf('一、基本情况')).toContain('w:eastAsia="黑体"');
    expect(runOf('（一）传播态势')).toContain('w:eastAsia="楷体_GB2312"');
    // Every paragraph of 正文 is indented two characters (and 640 twips for readers without character units).
    const paragraphXml = (text: string) => [...xml.matchAll(/<w:p>[\s\S]*?<\/w:p>/g)].map((m) => m[0]).find((p) => p.includes(text))!;
    for (const text of [SAMPLE.body[1], SAMPLE.body[3], SAMPLE.body[5]] as string[])
      expect(paragraphXml(text)).toMatch(/<w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
    // 主送 flush left; the title centred; signature and date at the right, the date two characters further right.
    expect(paragraphXml('区委宣传部、区委网信办')).not.toContain('<w:ind');
    expect(paragraphXml(SAMPLE.title)).toContain('<w:jc w:val="center"/>');
    expect(paragraphXml(SAMPLE.signature)).toMatch(/<w:jc w:val="right"\/>/);
    expect(paragraphXml(SAMPLE.signature)).toContain('<w:ind w:right="640"/>');
    // 署名 12 characters, date 7: the date's right indent is 12 − 7 = 5 characters.
    expect(paragraphXml('2026年11月21日')).toContain(`<w:ind w:right="${5 * 320}"/>`);

    // Page numbers "— 1 —" in 4号宋体, odd pages right and even pages left.
    expect(parts.get('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const footers = [...parts.entries()].filter(([name]) => /^word\/footer\d+\.xml$/.test(name)).map(([, x]) => x);
    expect(footers).toHaveLength(2);
    for (const f of footers) {
      expect(f).toContain('PAGE');
      expect(f).toContain('w:eastAsia="宋体"');
      expect(f).toContain('<w:sz w:val="28"/>');
    }
    expect(parts.get('docProps/core.xml')).toContain('<dc:title>关于网传某地停水三天的舆情初报</dc:title>');
  });

  it('converts to an A4 PDF with LibreOffice, and page 1 renders to a PNG', { timeout: 240_000 }, async () => {
    const rendered = await renderDocx(await officialDocument(SAMPLE), 'official-document');
    expect(rendered.pageSize).toMatch(/^595(\.\d+)? x 841(\.\d+)? pts/);
    expect(rendered.pages).toBe(1);
    const text = rendered.firstPageText.replace(/\s+/g, '');
    for (const part of [SAMPLE.title, '区委宣传部、区委网信办：', '一、基本情况', '附件：1.线索清单', SAMPLE.signature, '2026年11月21日'])
      expect(text).toContain(part);
    // The title stands above 主送, which stands above the first paragraph.
    expect(text.indexOf(SAMPLE.title)).toBeLessThan(text.indexOf('区委宣传部'));
    expect(text.indexOf('区委宣传部')).toBeLessThan(text.indexOf('一、基本情况'));
    // 72 dpi: an A4 page is 595 × 842 pixels.
    expect(rendered.pngSize.width).toBeGreaterThan(590);
    expect(rendered.pngSize.height / rendered.pngSize.width).toBeCloseTo(297 / 210, 2);
    mkdirSync('test-results/documents', { recursive: true });
    copyFileSync(rendered.png, 'test-results/documents/official-document-page1.png');
  });
});

describe('the pieces of the layout', () => {
  it('writes dates the standard way and measures mixed text in characters', () => {
    expect(formatChineseDate({ year: 2026, month: 1, day: 5 })).toBe('2026年1月5日');
    expect(widthInCharacters('2026年11月21日')).toBe(7);
    expect(widthInCharacters('演示单位')).toBe(4);
  });
});
