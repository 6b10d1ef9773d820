// The measurements of a Chinese official document (公文), from GB/T 9704-2012《党政机关公文格式》:
// A4 paper, a 156 × 225 mm type area (版心) placed 37 mm from the top and 28 mm from the left edge,
// 22 lines of 28 characters in 3号仿宋, the title in 2号小标宋, headings in 黑体 and 楷体, page
// numbers in 4号宋体 between dashes, 7 mm below the type area.

/** 字号 → points: 2号 22 pt, 3号 16 pt, 4号 14 pt (the Chinese type sizes). */
export const SIZE_PT = { 二号: 22, 三号: 16, 四号: 14 } as const;

/**
 * The fonts GB/T 9704 names. A machine without them shows a substitute (LibreOffice on Debian picks
 * Noto CJK); the document still names the official ones, so a Chinese office's Word uses them.
 */
export const FONT = {
  /** 标题: 2号小标宋体字 (方正小标宋简体 is the face offices install). */
  title: '方正小标宋简体',
  /** 正文, 主送机关, 附件说明, 署名, 成文日期: 3号仿宋体字. */
  body: '仿宋_GB2312',
  /** 第一层结构层次「一、」and the 紧急程度/份号 marks: 黑体. */
  heading1: '黑体',
  /** 第二层「（一）」: 楷体. */
  heading2: '楷体_GB2312',
  /** 页码: 4号半角宋体阿拉伯数字. */
  pageNumber: '宋体',
  /** Latin letters and digits beside the Chinese (the standard names no Latin face; offices use this one). */
  latin: 'Times New Roman',
} as const;

/** Millimetres → twips (1/1440 inch), rounded: A4 is then Word's own 11906 × 16838. */
function mm(value: number): number {
  return Math.round((value * 1440) / 25.4);
}

/** A4 and its margins, so the type area is 156 × 225 mm (天头 37 mm, 订口 28 mm). */
export const PAGE = {
  width: mm(210),
  height: mm(297),
  top: mm(37),
  bottom: mm(35),
  left: mm(28),
  right: mm(26),
  /** The page-number line sits 7 mm under the type area: its foot about 23 mm above the paper's edge. */
  footer: mm(23),
  header: mm(15),
} as const;

/** 22 lines in the 225 mm type area: an exact line pitch of 28.95 pt (579 twentieths of a point). */
export const LINE_TWIPS = 579;

/** One character of 3号 text is 16 pt wide: 320 twips. Indents are counted in characters. */
export const CHAR_TWIPS = SIZE_PT.三号 * 20;

/** Half-points, the unit docx run sizes take. */
export function halfPoints(pt: number): number {
  return pt * 2;
}
