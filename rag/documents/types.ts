/** Shapes of document understanding: the profile of a plan document and the records read from its tables. */

/** What a document is, by the regulated form it follows. */
export type DocumentKind = "sbc" | "eoc" | "policy_wording" | "other";

/** Where a profile field was read from: the document's text, a web address in it, its file name, or the member. */
export type ProfileSource = "text" | "url" | "filename" | "user";

/** What ingestion learned about a plan document from its own text. Every field may be null (not found). */
export interface DocumentProfile {
  readonly kind: DocumentKind;
  /** The plan's name as printed ("30/1000 Deductible", "SCAN Classic (HMO)"). */
  readonly planName: string | null;
  readonly planNameSource: ProfileSource | null;
  /** The insurer ("Kaiser Permanente"), or a domain from the text ("myuhc.com") when the name is an image. */
  readonly insurer: string | null;
  readonly insurerSource: ProfileSource | null;
  /** "HMO", "PPO", "Deductible HMO", "Medicare Advantage Plan" … as printed. */
  readonly planType: string | null;
  /** As printed ("01/01/2014 - 12/31/2014"); null when blank on the form. */
  readonly coveragePeriod: string | null;
  /** ISO 639-1 code of the document's language ("en", "es"). */
  readonly language: string;
}

/** What a record is. */
export type RecordKind = "question" | "benefit" | "definition";

/**
 * One row of a plan's tables (or one definition), as data: the SBC's "Important Questions" and
 * benefits grid, the EOC's Medical Benefits Chart, "X means …" definitions.
 */
export interface RecordDraft {
  readonly kind: RecordKind;
  /** The table or section it belongs to ("Important Questions", a Common Medical Event, a chart heading); null when none. */
  readonly section: string | null;
  /** The question, service or defined term. */
  readonly label: string;
  /** Answer (questions), in-network cost (benefits), "what you must pay" (EOC chart); null when none. */
  readonly network: string | null;
  /** Out-of-network cost; null when the table has no such column or the cell is empty. */
  readonly outOfNetwork: string | null;
  /** Limitations, exceptions, "why this matters", or the definition's text. */
  readonly limitations: string | null;
  /** 1-based physical page of the row. */
  readonly page: number;
}
