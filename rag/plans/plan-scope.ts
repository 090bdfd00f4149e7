/**
 * Plan scope: which of the member's plans a question is about.
 *
 * The member's documents are grouped into plans (same plan name and insurer: an SBC and an EOC of
 * one plan are one plan). A question names the plans whose names it mentions (./names.ts: a run of
 * name words, a distinctive word, or the file name); when several plans are mentioned, those with
 * the most question words covered are kept (so "Blue Shield PPO" names Blue Shield's document even when
 * the member has other PPOs, while a word shared by several plans — "PPO" alone — narrows to those
 * plans). A mention that fits every plan names none. A follow-up that names no plan keeps the
 * conversation's plans ({@link resolvePlanScope}).
 */
import { acronyms, compoundWords, createNameVocabulary, fileBase, insurerText, type NameVocabulary, type NameWord, nameWords } from "./names.ts";
import { ENGLISH_STOPWORDS, SPANISH_STOPWORDS } from "../text/index.ts";

/** Function words skipped when taking a name's initials (the stopword lists; constant data). */
const vocabularyFunctionWord = (w: string) => ENGLISH_STOPWORDS.has(w) || SPANISH_STOPWORDS.has(w);

/** One of the member's documents, with its profile (db `documents`; nulls when not read). */
export interface PlanDocument {
  readonly id: string;
  readonly filename: string;
  readonly planName?: string | null;
  readonly insurer?: string | null;
  /** Where `insurer` came from (`text`, `url`, `filename`…): a web address loses its top-level label. */
  readonly insurerSource?: string | null;
  readonly kind?: string | null;
  readonly planType?: string | null;
}

/** A plan: the documents that share a plan name and insurer. */
export interface Plan {
  /** Stable key (the first document's id). */
  readonly key: string;
  /** How answers name the plan: the profile's plan name, else the first file's name without extension. */
  readonly label: string;
  readonly documentIds: readonly string[];
  readonly filenames: readonly string[];
  /** The plan's names as word sequences (plan name, insurer, plan type, file names). */
  readonly names: readonly (readonly string[])[];
  /** Single words naming the plan as one word: compound forms ("healthnet") and file bases. */
  readonly compounds: readonly string[];
  /** Initials of three or more consecutive name words ("bcbs"). */
  readonly acronyms: readonly string[];
}

/** Why a turn is scoped to its plans. */
export type PlanScopeReason = "named" | "conversation" | "all";

/** The plans a turn answers from. */
export interface PlanScope {
  readonly reason: PlanScopeReason;
  readonly plans: readonly Plan[];
}

/** Groups documents into plans, in the order given (see module doc). */
export function groupPlans(documents: readonly PlanDocument[]): Plan[] {
  const byKey = new Map<string, { docs: PlanDocument[] }>();
  for (const d of documents) {
    const name = d.planName?.trim();
    // Same words, whatever the punctuation: "SCAN Classic (HMO)" and "SCAN Classic HMO" are one plan.
    const words = (t: string | null | undefined) => nameWords(t ?? "").map((w) => w.word).join(" ");
    const key = name ? `${words(name)}|${words(d.insurer)}` : `doc:${d.id}`;
    const g = byKey.get(key);
    if (g) g.docs.push(d);
    else byKey.set(key, { docs: [d] });
  }
  return [...byKey.values()].map(({ docs }) => {
    const first = docs[0] as PlanDocument;
    const texts: string[] = [];
    for (const d of docs) {
      if (d.planName) texts.push(d.planName);
      if (d.insurer) texts.push(insurerText(d.insurer, d.insurerSource));
      if (d.planType) texts.push(d.planType);
      texts.push(fileBase(d.filename));
    }
    const names = texts.map((t) => nameWords(t).map((w) => w.word)).filter((n) => n.length > 0);
    const compounds = [...new Set(texts.flatMap(compoundWords))];
    const initials = [...new Set(texts.flatMap((t) => acronyms(t, vocabularyFunctionWord)))];
    return {
      key: first.id,
      label: first.planName?.trim() || fileBase(first.filename),
      documentIds: docs.map((d) => d.id),
      filenames: docs.map((d) => d.filename),
      names,
      compounds,
      acronyms: initials,
    };
  });
}

/** Finds the plans questions name; build once per process (it loads the word lists). */
export interface PlanNamer {
  /**
   * The plans `question` names, best first (empty when it names none, or when what it names fits
   * every plan).
   */
  named(plans: readonly Plan[], question: string): Plan[];
  /**
   * The plans of `named` that the question names by a *capitalised run*: two or more consecutive
   * words the member wrote each with a capital ("National Insurance", "Blue Shield"), found
   * consecutive in one of the plan's names (plan name, insurer as printed on the cover, plan type,
   * file name), at least one of them distinctive (not generic, three letters or more). Such a name
   * is the member quoting the plan's cover, not a lone word that a plan's name happens to hold
   * (a state, "we live in Oregon"): a caller may keep it even where a word-rarity check disagrees.
   */
  namedByRun(plans: readonly Plan[], question: string): Plan[];
}

/** Creates a {@link PlanNamer}. @param vocabulary default {@link createNameVocabulary} */
export function createPlanNamer(vocabulary: NameVocabulary = createNameVocabulary()): PlanNamer {
  return {
    named(plans, question) {
      if (plans.length === 0) return [];
      const words = nameWords(question);
      const firstWord = words[0]?.index ?? -1;
      const covered = plans.map((p) => coveredWords(p, words, firstWord, vocabulary, question));
      const best = Math.max(...covered.map((c) => c.size));
      if (best === 0) return [];
      const named = plans.filter((_, i) => (covered[i] as Set<number>).size === best);
      return named.length === plans.length && plans.length > 1 ? [] : named;
    },
    namedByRun(plans, question) {
      const words = nameWords(question);
      return this.named(plans, question).filter((p) => capitalisedRun(p, words, vocabulary));
    },
  };
}

/** Whether `words` hold a run of two or more capitalised words found consecutive in one of `p`'s names, one of them distinctive (see {@link PlanNamer.namedByRun}). */
function capitalisedRun(p: Plan, words: readonly NameWord[], v: NameVocabulary): boolean {
  for (const name of p.names) {
    for (let i = 0; i < words.length; i++) {
      for (let j = 0; j < name.length; j++) {
        let n = 0;
        while (i + n < words.length && j + n < name.length && words[i + n]?.word === name[j + n] && words[i + n]?.capitalised && !words[i + n]?.joined) n++;
        if (n >= 2 && words.slice(i, i + n).some((w) => !v.isGeneric(w.word) && w.word.length >= 3 && !/^\d+$/.test(w.word))) return true;
      }
    }
  }
  return false;
}

/** Positions of the question words that name plan `p`. */
function coveredWords(p: Plan, words: ReturnType<typeof nameWords>, firstWord: number, v: NameVocabulary, question: string): Set<number> {
  const out = new Set<number>();
  const distinctive = (w: string) => !v.isGeneric(w) && w.length >= 2;
  // The whole file name, with or without extension.
  const lowered = question.toLowerCase();
  for (const f of p.filenames) if (lowered.includes(fileBase(f).toLowerCase())) for (const w of words) if (nameWords(f).some((x) => x.word === w.word)) out.add(w.index);
  // Runs of two or more consecutive name words.
  for (const name of p.names) {
    for (let i = 0; i < words.length; i++) {
      for (let j = 0; j < name.length; j++) {
        let n = 0;
        while (i + n < words.length && j + n < name.length && words[i + n]?.word === name[j + n]) n++;
        if (n < 2) continue;
        const run = words.slice(i, i + n);
        // A run is distinctive with one long non-generic word, or when all numbers ("20/40", "30/1000").
        if (run.some((w) => distinctive(w.word) && w.word.length >= 3) || run.every((w) => /^\d+$/.test(w.word))) for (const w of run) out.add(w.index);
      }
    }
  }
  // Single distinctive words (and compound forms written as one word).
  const singles = new Set([...p.names.flat(), ...p.compounds, ...p.acronyms]);
  for (const w of words) {
    if (w.joined || !singles.has(w.word) || !distinctive(w.word) || /^\d+$/.test(w.word)) continue;
    if (v.isCommon(w.word) && !w.allCaps && !(w.capitalised && w.index !== firstWord)) continue;
    out.add(w.index);
  }
  // A compound written as separate words ("Health Net" in place of "HealthNet") is covered by the run rule
  // when the profile holds it spaced; here the question's adjacent pairs are joined.
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i] as (typeof words)[number];
    const b = words[i + 1] as (typeof words)[number];
    if (p.compounds.includes(a.word + b.word) && (distinctive(a.word) || distinctive(b.word))) {
      out.add(a.index);
      out.add(b.index);
    }
  }
  return out;
}

/** Default most plans a turn answers separately when the question names none (bounds the turn's cost). */
export const DEFAULT_MAX_PLANS_PER_TURN = 4;

/**
 * The plans a turn answers from.
 * - A question naming plans: those (`named`).
 * - Else the conversation's plans from the previous turn, when still the member's (`conversation`).
 * - Else every plan (`all`): answered plan by plan when there are several.
 * Undefined when the member has fewer than two plans (answer as from one library).
 * @param previous document ids the previous turn was scoped to (absent: none)
 * @param alsoAsked the standalone question when the rewrite changed it (its plan names count when the message has none)
 */
export function resolvePlanScope(
  namer: PlanNamer,
  plans: readonly Plan[],
  question: string,
  previous?: readonly string[],
  alsoAsked?: string,
): PlanScope | undefined {
  if (plans.length < 2) return undefined;
  const named = namer.named(plans, question);
  if (named.length > 0) return { reason: "named", plans: named };
  if (previous && previous.length > 0) {
    const ids = new Set(previous);
    const kept = plans.filter((p) => p.documentIds.some((d) => ids.has(d)));
    if (kept.length > 0 && kept.length < plans.length) return { reason: "conversation", plans: kept };
  }
  const rewritten = alsoAsked ? namer.named(plans, alsoAsked) : [];
  if (rewritten.length > 0) return { reason: "named", plans: rewritten };
  return { reason: "all", plans };
}
