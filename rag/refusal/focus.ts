/**
 * Focus evidence for the refusal model: does one place of the retrieved text hold what the ask is
 * about, rather than the question's words spread over the top units?
 *
 * - `askBestCoverage`: the largest idf-weighted share of the *ask's* own terms (rag/query/preamble.ts
 *   `splitAsk`: the asking clause, without the context a member writes before it; the whole
 *   question when the ask points back into the context or there is no context) that one top unit holds;
 * - `sentenceCoverage`: the largest idf-weighted share of the question's own terms that one
 *   *sentence* of the top units holds (a sentence ends at `.`, `?`, `!`, `;` or a line break):
 *   an answer states its facts together, while a question about a thing the plan never names
 *   finds its words in different sentences (a word in a reconstruction row, another in a pump row);
 * - `askSentenceCoverage`: the same over the ask's own terms;
 * - `definitionTop`: 1 when the best top unit is a `definition` record (a plan's definitions
 *   section: IRDAI's numbered "2.37 New Born Baby means …", the EOC chapter "Definitions of important
 *   words") and the question does not ask what a term means (rag/query `isDefinitionAsk`): a cost or
 *   coverage question whose best evidence is only a definition has no benefit text that names it;
 * - `definitionShare`: the share of the top units that are `definition` records, under the same condition.
 */
import { isDefinitionAsk } from "../query/definition-ask.ts";
import { splitAsk } from "../query/preamble.ts";

/** Sentence boundaries inside a unit's text (end punctuation followed by space, or a line break). */
const SENTENCE_END_RE = /(?<=[.?!;])\s+|\n+/;

/** The features of this module. */
export interface FocusFeatures {
  readonly askBestCoverage: number;
  readonly sentenceCoverage: number;
  readonly askSentenceCoverage: number;
  readonly definitionTop: number;
  readonly definitionShare: number;
}

/**
 * Computes {@link FocusFeatures}.
 * @param question the question as asked
 * @param own the question's own retrieval terms, each with its alternatives (itself first; glossary document terms)
 * @param idfOf a term's idf in the member's index (the largest possible for an unknown term)
 * @param terms the retrieval tokeniser (the analyzer's `terms`)
 * @param top the top units' retrieval terms, best first
 * @param texts the top units' texts, best first (none: the sentence features are 0)
 * @param holds whether a unit's (or a sentence's) term set holds a term (exactly or one edit away)
 * @param definitions whether each top unit is a `definition` record, best first (none: the definition features are 0)
 */
export function focusFeatures(
  question: string,
  own: ReadonlyMap<string, readonly string[]>,
  idfOf: (term: string) => number,
  terms: (text: string) => string[],
  top: readonly ReadonlySet<string>[],
  texts: readonly string[],
  holds: (term: string, unit: ReadonlySet<string>) => boolean,
  definitions: readonly boolean[] = [],
): FocusFeatures {
  const all = [...own.keys()];
  const split = splitAsk(question);
  const askWords = new Set(terms(split.ask));
  const inAsk = split.preamble === "" || split.anaphoric ? all : all.filter((t) => askWords.has(t));
  const asked = inAsk.length > 0 ? inAsk : all;
  const share = (ts: readonly string[], u: ReadonlySet<string>): number => {
    const total = ts.reduce((s, t) => s + idfOf(t), 0);
    return total > 0 ? ts.filter((t) => (own.get(t) ?? [t]).some((a) => holds(a, u))).reduce((s, t) => s + idfOf(t), 0) / total : 0;
  };
  let askBestCoverage = 0;
  for (const u of top) askBestCoverage = Math.max(askBestCoverage, share(asked, u));
  let sentenceCoverage = 0;
  let askSentenceCoverage = 0;
  for (const text of texts)
    for (const s of text.split(SENTENCE_END_RE)) {
      const set = new Set(terms(s));
      if (set.size === 0) continue;
      sentenceCoverage = Math.max(sentenceCoverage, share(all, set));
      askSentenceCoverage = Math.max(askSentenceCoverage, share(asked, set));
    }
  const definitionAsk = isDefinitionAsk(question);
  const definitionTop = !definitionAsk && definitions[0] === true ? 1 : 0;
  const definitionShare = definitionAsk || definitions.length === 0 ? 0 : definitions.filter(Boolean).length / definitions.length;
  return { askBestCoverage, sentenceCoverage, askSentenceCoverage, definitionTop, definitionShare };
}
