/**
 * Answerability check: is every specific thing the question asks about supported by the retrieved
 * text? A question passes the similarity threshold on generic words alone ("premium", the plan's
 * name); it is answerable only if its rare, topic-bearing terms also occur in the retrieved chunks.
 */
import { normalizeText, tokenize } from "../text/tokenize.ts";
import { expandQuery } from "../glossary/expand.ts";
import { GENERIC_QUESTION_TERMS } from "./generic.ts";
import { capitalisedRuns, filenameTerms, nameTerms } from "./names.ts";

/** Minimum shared prefix (characters) for a morphological match ("reimburse" ~ "reimbursement"). */
export const DEFAULT_PREFIX_MATCH = 6;
/** Largest share of specific question terms that may be missing before the question is unanswerable. */
export const DEFAULT_MAX_MISSING_SHARE = 0;

/** Options of {@link assessAnswerability}. */
export interface AnswerabilityOptions {
  /** Minimum shared prefix for a morphological match, 4..12. Default {@link DEFAULT_PREFIX_MATCH}. */
  readonly prefixMatch?: number;
  /** 0..1; default {@link DEFAULT_MAX_MISSING_SHARE} (any missing specific term → unanswerable). */
  readonly maxMissingShare?: number;
}

/** Verdict of {@link assessAnswerability}. */
export interface AnswerabilityVerdict {
  readonly answerable: boolean;
  /** Specific question terms (stems, or glossary groups) that were looked for. */
  readonly required: readonly string[];
  /** Those not found in any retrieved text. */
  readonly missing: readonly string[];
}

/**
 * Validates options once.
 * @throws RangeError on out-of-range values
 */
export function resolveAnswerabilityOptions(o: AnswerabilityOptions = {}): Required<AnswerabilityOptions> {
  const prefixMatch = o.prefixMatch ?? DEFAULT_PREFIX_MATCH;
  const maxMissingShare = o.maxMissingShare ?? DEFAULT_MAX_MISSING_SHARE;
  if (!Number.isInteger(prefixMatch) || prefixMatch < 4 || prefixMatch > 12) throw new RangeError("prefixMatch must be an integer in 4..12");
  if (!(maxMissingShare >= 0 && maxMissingShare < 1)) throw new RangeError("maxMissingShare must be in [0, 1)");
  return { prefixMatch, maxMissingShare };
}

/**
 * Checks that the question's specific terms occur in the retrieved texts. Terms inside a glossary
 * lay phrase are satisfied by any of the phrase's document wordings; for a Spanish question only
 * the translated wording and numbers are required (untranslated Spanish words are not).
 * @param question the user's question
 * @param texts retrieved chunk texts (e.g. the top candidates after reranking)
 * @param filenames names of the documents the texts come from (their words count as present)
 */
export function assessAnswerability(
  question: string,
  texts: readonly string[],
  options: AnswerabilityOptions = {},
  filenames: readonly string[] = [],
): AnswerabilityVerdict {
  const o = resolveAnswerabilityOptions(options);
  const vocab = new Set<string>();
  for (const t of texts) for (const tok of tokenize(t)) vocab.add(tok.term);
  for (const f of filenames) for (const t of filenameTerms(f)) vocab.add(t);
  const prefixes = new Set<string>();
  for (const v of vocab) for (let n = o.prefixMatch; n <= v.length; n++) prefixes.add(v.slice(0, n));
  /** Exact stem, or a shared prefix of max(prefixMatch, ¾ of the term): "reimburs" ~ "reimbursement", not "crypto…" ~ "cryptorchidism". */
  const present = (term: string): boolean => {
    if (vocab.has(term)) return true;
    const n = Math.max(o.prefixMatch, Math.ceil(term.length * 0.75));
    return term.length >= n && prefixes.has(term.slice(0, n));
  };

  const exp = expandQuery(question);
  const groups: { label: string; alternatives: string[] }[] = [];
  let residual = normalizeText(question);
  for (const m of exp.matches) {
    if (m.via === "glossary") residual = residual.replace(m.phrase, " ");
    const own = tokenize(m.phrase).filter((t) => !t.compound).map((t) => t.term);
    const alts = [...own, ...m.expansions.flatMap((e) => tokenize(e).map((t) => t.term))];
    const generic = (m.via === "glossary" ? own : alts).every((a) => GENERIC_QUESTION_TERMS.has(a));
    if (!generic && (m.via === "glossary" || exp.spanish)) groups.push({ label: m.phrase, alternatives: alts });
  }
  const names = exp.spanish ? new Set<string>() : nameTerms(question, present);
  // In a Spanish question, untranslated words are required only when capitalised alone ("Bitcoin", "LASIK").
  const translated = new Set(exp.matches.flatMap((m) => tokenize(m.phrase).map((t) => t.term)));
  const loneCaps = new Set(
    capitalisedRuns(question).filter((r) => r.length === 1).flatMap((r) => tokenize(r[0] ?? "").map((t) => t.term)).filter((t) => !translated.has(t)),
  );
  const own = tokenize(residual).filter((t) => !t.compound && !names.has(t.term) && (!exp.spanish || t.kind !== "word" || loneCaps.has(t.term)));
  for (const t of own) if (t.kind !== "word" || !GENERIC_QUESTION_TERMS.has(t.term)) groups.push({ label: t.term, alternatives: [t.term] });

  const required: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    if (seen.has(g.label)) continue;
    seen.add(g.label);
    required.push(g.label);
    if (!g.alternatives.some(present)) missing.push(g.label);
  }
  const share = required.length ? missing.length / required.length : 0;
  return { answerable: missing.length === 0 || share <= o.maxMissingShare, required, missing };
}
