// Reads a .docx back for tests: its parts (unzipped with fflate), the text of each paragraph of
// the body, and the LibreOffice round trip to PDF and a PNG of page 1.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';

const run = promisify(execFile);

export function docxParts(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The text of every paragraph of word/document.xml, in order (empty paragraphs included as ''). */
export function docxParagraphs(bytes: Uint8Array): string[] {
  const xml = docxParts(bytes).get('word/document.xml') ?? '';
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescapeXml(t[1]!)).join(''),
  );
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export interface Rendered {
  pdf: string;
  png: string;
  /** pdfinfo's "Page size" line, e.g. "595.304 x 841.89 pts (A4)". */
  pageSize: string;
  pages: number;
  /** pdftotext of page 1. */
  firstPageText: string;
  /** The PNG's pixel size, read from its IHDR chunk. */
  pngSize: { width: number; height: number };
}

/**
 * LibreOffice headless converts the file to PDF (its own profile directory, so runs in parallel do
 * not share one), poppler renders page 1 to PNG. Both are Debian packages scripts/ensure-browser.sh installs.
 */
export async function renderDocx(bytes: Uint8Array, name = 'document'): Promise<Rendered> {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-docx-'));
  const docx = join(dir, `${name}.docx`);
  writeFileSync(docx, bytes);
  await run('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx], {
    timeout: 180_000,
  });
  const pdf = join(dir, `${name}.pdf`);
  const info = (await run('pdfinfo', [pdf])).stdout;
  const firstPageText = (await run('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'])).stdout;
  await run('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf, join(dir, `${name}-page1`)]);
  const png = join(dir, `${name}-page1.png`);
  const head = readFileSync(png).subarray(0, 24);
  return {
    pdf,
    png,
    pageSize: /Page size:\s*(.+)/.exec(info)?.[1]?.trim() ?? '',
    pages: Number(/Pages:\s*(\d+)/.exec(info)?.[1] ?? 0),
    firstPageText,
    pngSize: { width: head.readUInt32BE(16), height: head.readUInt32BE(20) },
  };
}
