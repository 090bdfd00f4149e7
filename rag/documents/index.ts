/**
 * Document understanding: what a plan document is (its profile) and its tables and definitions as
 * records, read at ingestion from the document's own text and text positions.
 *
 * Ingestion stores the profile on `documents` and the records in `document_records`
 * (db/repositories/records.ts). For a retriever, records are retrievable units with a page:
 * - `repos.records.search(userId, question, { documentIds?, kinds?, limit? })` ranks the user's
 *   records by full-text match (label weight A, costs B, notes C; any stemmed word of the
 *   question, like the chunks' lexical side) and returns `PlanRecordHit`s with `documentId`,
 *   `filename`, `planName`, `page` and `textRank`;
 * - `repos.records.list(userId, { documentIds?, kinds? })` gives them in table order (to build an
 *   in-memory BM25 index over `recordText(record)` alongside the chunks);
 * - `recordText(record)` is the one line to index, show or quote; cite `filename` + `page`.
 * Both filter on `user_id` in SQL; `documentIds` narrows to a plan's documents (plan routing).
 */
export { definitionRecords, MAX_DEFINITION_CHARS, MAX_TERM_WORDS } from "./definitions.ts";
export { EOC_BENEFITS_CHART, eocRecords } from "./eoc.ts";
export { type DocumentStructure, RECORD_EXTRACTOR_VERSION, readDocumentStructure, type ReadStructureOptions, textAsPositioned } from "./extract.ts";
export { openPositionedPdf, type PageContentLike, positionedFromContent, type PositionedItem, type PositionedPage, type PositionedPdf, readPositionedPages, type ReadPositionsOptions } from "./positions.ts";
export { detectLanguage, detectProfile, fileNameWords, PROFILE_PAGES } from "./profile.ts";
export { recordText } from "./record-text.ts";
export { SBC_BENEFITS_TABLE, SBC_QUESTIONS_TABLE, sbcRecords } from "./sbc.ts";
export { cellText, readTables, type ReadTable, type TableColumn, type TableRow, type TableSpec } from "./table.ts";
export type { DocumentKind, DocumentProfile, ProfileSource, RecordDraft, RecordKind } from "./types.ts";
export { coverageExampleRecords } from "./coverage-examples.ts";
export { BENEFIT_TABLE, BENEFIT_TABLE_TEXT, benefitTableRecords } from "./benefit-table.ts";
