/**
 * Chat metrics hooks: the user agent reports each turn's steps, time to first delta, outcome,
 * sources and dropped citation markers to a {@link ChatObserver} (the composition root's metrics).
 * Labels are fixed words (step names, outcomes), never user text or ids.
 */

/**
 * How a turn ended: `found` (answered from the documents), `not_found` (nothing supports an
 * answer), `declined` (the message was only injected instructions, not answered), `error`.
 */
export type ChatOutcome = "found" | "not_found" | "declined" | "error";

/** Receives chat events (every method optional; must not throw). */
export interface ChatObserver {
  /** A workflow step (`input`, `rewrite`, `retrieval`, `screen`, `synthesis`, `output`) took `seconds`. */
  step?(step: string, seconds: number): void;
  /** The first piece of the answer was ready `seconds` after the turn started. */
  firstDelta?(seconds: number): void;
  /** A turn ended with `outcome` after `seconds` (the whole turn, persisting included). */
  turn?(outcome: ChatOutcome, seconds: number): void;
  /** Sources listed with an answer. */
  sources?(count: number): void;
  /** Citation markers dropped from an answer because they pointed at no excerpt. */
  citationMarkersDropped?(count: number): void;
}
