/**
 * One line of plain text for a record, value first: what a retriever can index or show, and what a
 * synthesizer can quote. No wording is invented: every part is a cell of the record.
 */
import type { RecordDraft } from "./types.ts";

/**
 * Renders a record as one line: `label — in network: …; out of network: …; limitations`
 * (benefits), `question — answer; why it matters` (questions), `term: definition` (definitions).
 */
export function recordText(r: Pick<RecordDraft, "kind" | "label" | "network" | "outOfNetwork" | "limitations">): string {
  if (r.kind === "definition") return r.limitations ?? r.label;
  const parts: string[] = [];
  if (r.kind === "benefit" && r.outOfNetwork !== null) {
    if (r.network !== null) parts.push(`in network: ${r.network}`);
    parts.push(`out of network: ${r.outOfNetwork}`);
  } else if (r.network !== null) parts.push(r.network);
  if (r.limitations !== null && !/^[—–-]*\s*none\s*[—–-]*$/i.test(r.limitations)) parts.push(r.limitations);
  return parts.length === 0 ? r.label : `${r.label} — ${parts.join("; ")}`;
}
