/**
 * Definition routing: a question asking what a term means ("how does my policy define
 * deductible?", "what counts as hospitalisation?") is answered by the document's own definition
 * of the term — a `definition` record (rag/documents/definitions.ts: IRDAI's numbered "X means …"
 * definitions, the CMS model EOC's "Definitions of important words") — rather than by the clauses
 * that use the term most, which BM25 ranks first. The record whose label's terms are all in the
 * question (the longest such label) goes first; the plan's name is no term asked about, so a label
 * of plan-naming words only ("Policy", "Care") does not count, while one sharing a word with the
 * plan's name does ("Day Care Treatment" in a "Global Health Care" policy).
 */
import type { UnitIndex } from "../bm25/index.ts";
import { definedTermMatch, isDefinitionAsk } from "../query/index.ts";
import type { RetrievedChunk } from "../types.ts";

/** What {@link liftDefinition} needs beside the ranked list. */
export interface DefinitionLiftContext {
  readonly index: UnitIndex;
  /** The question's analysed terms. */
  readonly questionTerms: readonly string[];
  /** Plan-naming terms of the question (rag/bm25/routing.ts): a label of these terms only ("Policy") names no term asked about. */
  readonly namingTerms: readonly string[];
  /** A record unit's label terms (undefined for a chunk). */
  readonly labelTerms: (u: number) => ReadonlySet<string> | undefined;
  /** Units the member may search (document filter); undefined: all. */
  readonly allowed?: (u: number) => boolean;
  /** Documents the question names (routing), preferred when several define the term. */
  readonly named?: readonly string[];
}

/**
 * Puts the definition record of the term a definition question asks about first (score just above
 * the first), unless it is first already; the list is returned unchanged for other questions or
 * when no definition label matches. Among documents defining the term: a named one, else the one
 * ranked highest, else the first indexed.
 */
export function liftDefinition(question: string, ranked: readonly RetrievedChunk[], ctx: DefinitionLiftContext): RetrievedChunk[] {
  if (!isDefinitionAsk(question)) return [...ranked];
  const naming = new Set(ctx.namingTerms);
  const q = new Set(ctx.questionTerms);
  let best: { u: number; n: number; pref: number } | undefined;
  const rankOf = new Map<string, number>();
  ranked.forEach((c, i) => {
    if (!rankOf.has(c.documentId)) rankOf.set(c.documentId, i);
  });
  const named = new Set(ctx.named ?? []);
  const words = new Set(wordsOf(question));
  ctx.index.units.forEach((unit, u) => {
    if (unit.record?.kind !== "definition" || (ctx.allowed && !ctx.allowed(u))) return;
    const labels = ctx.labelTerms(u);
    if (!labels || labels.size === 0 || [...labels].every((t) => naming.has(t))) return;
    const matched = definedTermMatch(labels, q);
    if (matched === 0) return;
    // stems join "Hospital" and "Hospitalization": the label whose words the question spells wins
    const n = matched + (spelled(unit.label ?? "", words) ? 0.5 : 0);
    // documents named first, then by their best rank in the list (unranked documents last)
    const pref = (named.has(unit.documentId) ? 0 : 1e6) + (rankOf.get(unit.documentId) ?? 1e5);
    if (!best || n > best.n || (n === best.n && pref < best.pref)) best = { u, n, pref };
  });
  if (!best) return [...ranked];
  const unit = ctx.index.units[best.u];
  if (!unit || ranked[0]?.chunkId === unit.chunkId) return [...ranked];
  const had = ranked.find((c) => c.chunkId === unit.chunkId);
  const first = { ...unit, similarity: had?.similarity ?? ranked[0]?.similarity ?? 0, score: (ranked[0]?.score ?? 0) * (1 + 1e-6) + 1e-9 };
  return [first, ...ranked.filter((c) => c.chunkId !== unit.chunkId)];
}

/** Lower-cased words of a text (letters and digits). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** True when every word of the label occurs, as spelt, among the question's words. */
function spelled(label: string, questionWords: ReadonlySet<string>): boolean {
  const ws = wordsOf(label);
  return ws.length > 0 && ws.every((w) => questionWords.has(w));
}
