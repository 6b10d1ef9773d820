// The 台账 as an Excel workbook (.xlsx), written with exceljs: one sheet per table of
// src/core/read/archive-sheets.ts, a bold frozen header row, filters, widths that fit Chinese text.
// exceljs (large, with its zip and stream packages) is loaded at the first export, not at start-up.
import type { Sheet } from '../core/read/archive-sheets';

export async function archiveWorkbook(sheets: Sheet[], meta: { title: string; createdAt: Date }): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '烽火';
  workbook.title = meta.title;
  workbook.created = meta.createdAt;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row);
    if (sheet.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
