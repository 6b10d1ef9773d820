// Word documents (.docx) in the official Chinese layout: one call, officialDocument(spec), for
// every document the bot hands people (reports to superiors, approved releases, reviews). This
// folder knows nothing of incidents: a caller describes the document, this draws it.
export { DOCX_MIME, officialDocument } from './official-document';
export { formatChineseDate, widthInCharacters, type BodyBlock, type CalendarDate, type OfficialDocumentSpec } from './spec';
export { FONT, SIZE_PT } from './layout';
