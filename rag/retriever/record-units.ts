/**
 * Structure records (rag/documents: SBC "Important Questions" and benefit-grid rows, EOC Medical
 * Benefits Chart rows, definitions) as retrievable units beside a user's chunks: each record is
 * one unit whose text is its value-first line (`recordText`), whose page is the record's page
 * (so it is cited, and counted as a source, like a one-page chunk), and whose label (question,
 * service or defined term) is a BM25F field of its own (rag/bm25 `FieldWeights.label`).
 */
import { recordUnitOrdinal, type StoredUnit } from "../bm25/index.ts";
import { type RecordDraft, recordText } from "../documents/index.ts";
import type { UnitSource } from "./unit-cache.ts";

/** A stored record as a unit source needs it. */
export interface RecordUnitInput extends Pick<RecordDraft, "kind" | "label" | "network" | "outOfNetwork" | "limitations" | "page"> {
  /** Unique among the user's records (the record's id). */
  readonly id: string;
  /** 0-based position in its document's table order. */
  readonly ord: number;
  readonly documentId: string;
  readonly filename: string;
  /** The document's plan name; null or absent when unknown. */
  readonly planName?: string | null;
  /** The record's table or section; null or absent when unknown. */
  readonly section?: string | null;
}

/** Where a user's records come from; implemented by the database layer (records are per user). */
export interface RecordSource {
  /** A value that changes whenever the user's records change. */
  version(userId: string): Promise<string>;
  /** Every record of the user. */
  list(userId: string): Promise<readonly RecordUnitInput[]>;
}

/** Prefix of a record unit's `chunkId` (never a chunk id: those are UUIDs). */
export const RECORD_UNIT_ID_PREFIX = "record:";

/**
 * An SBC benefit-grid row's "Common Medical Event": the uniform SBC template prints each event in a
 * group cell beginning "If you …" ("If you have a hospital stay", "If your child needs dental or eye
 * care") beside all its rows, whose labels alone do not say which event they belong to ("Facility
 * fee (e.g., hospital room)" under a hospital stay, "Facility fee (e.g., ambulatory surgery center)"
 * under outpatient surgery). Fixed table captions ("Important Questions", "Medical Benefits Chart")
 * name every row alike and are not added. Dev eval (library / per document, hit@5 / facts): ALL
 * (998) 95.25 / 83.78 → 95.37 / 83.89, 95.83 / 83.89 → 95.94 / 84.01, unanswerable 53.3 → 55.6,
 * refusals unchanged (6 cases fixed, 2 multi-hop lower); FRESH (members4–8) unchanged at 95.6 / 78.5,
 * 96.0 / 78.5 (paraphrase 73.2 → 75.3, multi-hop 44.1 → 38.2).
 */
export const ROW_EVENT_RE = /^if\s+you/i;

/**
 * One record as a unit; an SBC grid row's text ends with its common medical event in parentheses
 * ({@link ROW_EVENT_RE}), so a question naming the event finds the event's rows.
 */
export function recordUnit(r: RecordUnitInput): StoredUnit {
  return {
    chunkId: `${RECORD_UNIT_ID_PREFIX}${r.id}`,
    documentId: r.documentId,
    filename: r.filename,
    ordinal: recordUnitOrdinal(r.ord),
    text: r.kind === "benefit" && r.section && ROW_EVENT_RE.test(r.section.trim()) ? `${recordText(r)} (${r.section.trim()})` : recordText(r),
    label: r.label,
    // the cells, so the synthesizer can render the record value first (rag/synthesizer/records.ts)
    record: { kind: r.kind, section: r.section ?? null, label: r.label, network: r.network, outOfNetwork: r.outOfNetwork, limitations: r.limitations },
    ...(r.planName ? { plan: r.planName } : {}),
    pageStart: r.page,
    pageEnd: r.page,
  };
}

/**
 * A unit source giving the user's chunks and then their records as units; its version changes
 * when either changes. Reads chunks first, then records (one after the other, see retriever.ts).
 */
export function withRecordUnits(chunks: UnitSource, records: RecordSource): UnitSource {
  return {
    async version(userId, model) {
      const v = await chunks.version(userId, model);
      return `${v}|${await records.version(userId)}`;
    },
    async load(userId, model) {
      const units = await chunks.load(userId, model);
      return [...units, ...(await records.list(userId)).map(recordUnit)];
    },
  };
}
