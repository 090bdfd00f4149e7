/**
 * A definition question's answer leads with the definition the retriever put first
 * (rag/retriever/definitions.ts): a `definition` record whose defined term the question names.
 */
import { definedTermMatch, isDefinitionAsk } from "../query/index.ts";
import type { RetrievedChunk } from "../types.ts";
import type { Window } from "./select.ts";

/**
 * The window quoting the first-ranked chunk alone when the question asks what a term means and that
 * chunk is a definition record of a term the question names; undefined otherwise.
 * @param termsOf a text's analysed terms (the synthesizer's sentence features)
 */
export function definitionLead(question: string, windows: readonly Window[], first: RetrievedChunk | undefined, termsOf: (text: string) => ReadonlySet<string>): Window | undefined {
  const r = first?.record;
  if (!first || r?.kind !== "definition" || !isDefinitionAsk(question)) return undefined;
  if (definedTermMatch(termsOf(r.label), termsOf(question)) === 0) return undefined;
  return windows.find((w) => w.sents.length === 1 && w.sents[0]?.chunk.chunkId === first.chunkId);
}
