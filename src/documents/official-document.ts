// An official document (.docx) in the layout GB/T 9704-2012 gives Chinese offices: marks at the
// top left, the title centred two lines down, 主送机关 flush left, paragraphs indented two
// characters, 附件说明, then the signature and the date at the right, page numbers in dashes at
// alternate sides. Pure: a description in, the file's bytes out (the `docx` library writes the
// WordprocessingML). Section numbers below are the standard's. Imported by index.ts only when a
// document is asked for: docx is large, and start-up need not read it.
import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun, type IParagraphOptions, type IRunOptions } from 'docx';
import { CHAR_TWIPS, FONT, halfPoints, LINE_TWIPS, PAGE, SIZE_PT } from './layout';
import { formatChineseDate, widthInCharacters, type BodyBlock, type OfficialDocumentSpec } from './spec';

/** The document's bytes, ready to download or upload (`Content-Type` DOCX_MIME). */
export async function drawOfficialDocument(spec: OfficialDocumentSpec): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(spec));
}

function buildDocument(spec: OfficialDocumentSpec): Document {
  const children: Paragraph[] = [
    ...(spec.marks ?? []).map((mark) => line([run(mark, FONT.heading1)])),
    // 7.3.1 标题: "一般用2号小标宋体字，编排于红色分隔线下空二行位置，居中排布" — no 版头 here, so two empty lines.
    blank(),
    blank(),
    ...spec.title.split('\n').map((part) => line([run(part, FONT.title, SIZE_PT.二号)], { alignment: AlignmentType.CENTER })),
    // 7.3.2 主送机关: "编排于标题下空一行位置，居左顶格…最后一个机关名称后标全角冒号".
    ...(spec.to.length > 0 ? [blank(), line([run(`${spec.to.join('、')}：`)])] : [blank()]),
    ...spec.body.map(bodyParagraph),
    ...attachmentLines(spec.attachments ?? []),
    ...signatureAndDate(spec),
    // 7.3.6 附注: "居左空二字加圆括号编排在成文日期下一行".
    ...(spec.note ? [line([run(`（${spec.note}）`)], { indent: { left: chars(2) } })] : []),
  ];
  return new Document({
    creator: spec.properties?.author ?? '',
    title: spec.title.replace(/\n/g, ''),
    subject: spec.properties?.subject ?? '',
    keywords: spec.properties?.keywords ?? '',
    // 7.5 页码: 单页码居右空一字，双页码居左空一字 — different footers for odd and even pages.
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: { eastAsia: FONT.body, ascii: FONT.latin, hAnsi: FONT.latin }, size: halfPoints(SIZE_PT.三号) },
          paragraph: { spacing: { line: LINE_TWIPS, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right, header: PAGE.header, footer: PAGE.footer },
          },
          // 5.2.2: 22 lines a page.
          grid: { linePitch: LINE_TWIPS },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
}

/** 7.3.3 正文: "每个自然段左空二字，回行顶格"; the levels "一般第一层用黑体字、第二层用楷体字、第三层和第四层用仿宋体字". */
function bodyParagraph(block: BodyBlock): Paragraph {
  if (typeof block === 'string') return line([run(block)], { indent: firstLine(2) });
  const font = block.heading === 1 ? FONT.heading1 : block.heading === 2 ? FONT.heading2 : FONT.body;
  return line([run(block.text, font)], { indent: firstLine(2), keepNext: true });
}

/**
 * 7.3.4 附件说明: "在正文下空一行左空二字编排"附件"二字，后标全角冒号和附件名称。如有多个附件，使用
 * 阿拉伯数字标注附件顺序号…附件名称后不加标点符号…回行时，应当与上一行附件名称的首字对齐".
 */
function attachmentLines(names: readonly string[]): Paragraph[] {
  if (names.length === 0) return [];
  const label = '附件：';
  if (names.length === 1) return [blank(), line([run(`${label}${bare(names[0]!)}`)], { indent: { left: chars(5), hanging: chars(3) } })];
  return [
    blank(),
    ...names.map((name, i) => {
      const number = `${i + 1}.`;
      const prefix = i === 0 ? label : '　'.repeat(3);
      // The names' first characters line up: hanging by the label and the number.
      const hang = 3 + widthInCharacters(number);
      return line([run(`${prefix}${number}${bare(name)}`)], { indent: { left: chars(2 + hang), hanging: chars(hang) } });
    }),
  ];
}

/**
 * 7.3.5.2 (不加盖印章): "在正文（或附件说明）下空一行右空二字编排发文机关署名，在发文机关署名下一行编排
 * 成文日期，首字比发文机关署名首字右移二字，如成文日期长于发文机关署名，应当使成文日期右空二字编排，并相应
 * 增加发文机关署名右空字数".
 */
function signatureAndDate(spec: OfficialDocumentSpec): Paragraph[] {
  const date = formatChineseDate(spec.date);
  const sig = widthInCharacters(spec.signature);
  const dateWidth = widthInCharacters(date);
  const dateRight = Math.max(2, sig - dateWidth);
  const sigRight = dateRight + dateWidth + 2 - sig;
  return [
    blank(),
    line([run(spec.signature)], { alignment: AlignmentType.RIGHT, indent: { right: chars(sigRight) } }),
    line([run(date)], { alignment: AlignmentType.RIGHT, indent: { right: chars(dateRight) } }),
  ];
}

/** "— 1 —" in 4号半角宋体, one character in from the outer edge (7.5). */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const font = { eastAsia: FONT.pageNumber, ascii: FONT.pageNumber, hAnsi: FONT.pageNumber };
  const size = halfPoints(SIZE_PT.四号);
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: chars(1) } : { left: chars(1) },
        spacing: { line: 240, lineRule: LineRuleType.AUTO },
        children: [
          new TextRun({ text: '— ', font, size }),
          new TextRun({ children: [PageNumber.CURRENT], font, size }),
          new TextRun({ text: ' —', font, size }),
        ],
      }),
    ],
  });
}

function run(text: string, eastAsia: string = FONT.body, pt: number = SIZE_PT.三号): TextRun {
  const options: IRunOptions = { text, font: { eastAsia, ascii: FONT.latin, hAnsi: FONT.latin }, size: halfPoints(pt) };
  return new TextRun(options);
}

function line(children: TextRun[], options: Omit<IParagraphOptions, 'children'> = {}): Paragraph {
  return new Paragraph({ ...options, children });
}

function blank(): Paragraph {
  return new Paragraph({ children: [] });
}

/** Twips for n characters of 3号 text. */
function chars(n: number): number {
  return Math.round(n * CHAR_TWIPS);
}

/** A first-line indent of n characters: in characters for Word, in twips for readers that ignore those. */
function firstLine(n: number): IParagraphOptions['indent'] {
  return { firstLine: chars(n), firstLineChars: n * 100 };
}

/** "附件名称后不加标点符号": a trailing full stop or comma someone typed is dropped. */
function bare(name: string): string {
  return name.replace(/[。．.，,；;：:、！!？?\s]+$/u, '');
}
