// Word documents (.docx) in the official Chinese layout: one call, officialDocument(spec), for
// every document the bot hands people (reports to superiors, approved releases, reviews). This
// folder knows nothing of incidents: a caller describes the document, this draws it. The drawing
// (and the docx library, a large one) is loaded at the first document, not at start-up.
import type { OfficialDocumentSpec } from './spec';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The document's bytes, ready to download or upload (`Content-Type` DOCX_MIME). */
export async function officialDocument(spec: OfficialDocumentSpec): Promise<Buffer> {
  const { drawOfficialDocument } = await import('./official-document');
  return drawOfficialDocument(spec);
}

export { formatChineseDate, widthInCharacters, type BodyBlock, type CalendarDate, type OfficialDocumentSpec } from './spec';
export { FONT, SIZE_PT } from './layout';
