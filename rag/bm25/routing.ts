/**
 * Light document routing: when a question names one of the member's plans (its insurer, product
 * name or file name), retrieval keeps to the documents so named. A document's
 * *profile* is its file name's words, its plan name (carried by its record units) and the text of its first page (the cover or the SBC header
 * carry the insurer and plan name). A question term names documents when it occurs in the
 * profiles of at most {@link ROUTING_MAX_DOCUMENT_SHARE} of the member's documents (so "plan",
 * "HMO" or "coverage", on every cover, never route); the documents whose profiles hold the most
 * such terms (idf-weighted, {@link PROFILE_TERM_WEIGHT} times more in the profile and
 * {@link NAME_TERM_WEIGHT} times more in a name no other profile shares) are kept. When some of the
 * question's rare terms are on a profile, only those route: the others, found in a body only, are the
 * question's topic (a question naming the insurer and plan of one SBC and asking about a wheelchair is about that
 * plan, not the one document whose text mentions wheelchairs); a question whose rare terms are
 * on no profile still routes by them (a Part D question to the only EOC). With one document, or no naming term, nothing is routed.
 * A plan named by its numbers ("the Kaiser 40/1000 PPO" for "$40/$1000 PPO Plan") is told from a look-alike
 * ("30/1000 Deductible") by {@link namePairs}: two adjacent question terms, one a number, that are
 * adjacent in few documents' names. Money terms count without their currency sign ("$40" is "40").
 * A route is *decisive* ({@link DocumentRouter.decisive}) when one document, named by a word of its own
 * name, scores {@link DEFAULT_DECISIVE_ROUTE_RATIO} times the next: retrieval may then rank it alone.
 * (Issue 12 replaces profiles by proper plan identity.)
 */
import { type StoredUnit, titleText } from "./unit.ts";

/** A naming term occurs in at most this share of the member's documents' profiles (and in at least one). */
export const ROUTING_MAX_DOCUMENT_SHARE = 0.2;
/** Words of the first page that enter a profile (the cover or SBC header; later text is content). */
export const PROFILE_FIRST_PAGE_WORDS = 120;

/** A naming term found in a document's profile (name, cover) counts this many times one found only in its text. */
export const PROFILE_TERM_WEIGHT = 2;

/**
 * A naming term found in a document's own name (file name, plan name) counts this many times one found
 * only in its text, when no other document's profile (cover) holds it: among look-alike plans, the
 * word only one plan is named by ("1500" of "PPO 1500/$35") tells it from the others whose covers share
 * the insurer's words. Measured on dev (bench/answers.ts, library mode): 3 lifts hit@5 85.5 -> 85.8 with facts
 * unchanged; 4 and 6 lose facts.
 */
export const NAME_TERM_WEIGHT = 3;

/**
 * An adjacent pair of name terms, one of them a number ("40 1000" of "$40/$1000 PPO", "ppo 1500" of
 * "PPO 1500/$35"), found in the names of at most {@link ROUTING_MAX_DOCUMENT_SHARE} of the documents,
 * counts this many times a term found only in a document's text (as {@link NAME_TERM_WEIGHT}: a
 * pair of a plan's own name words tells it from a look-alike that shares one of the two numbers).
 * Dev without members4 (bench/answers.ts, library mode): hit@5 88.9 -> 89.2, facts 74.3 unchanged.
 */
export const NAME_PAIR_WEIGHT = NAME_TERM_WEIGHT;

/** A term without its currency sign: "$1,000" and "1,000" name the same plan. */
export function bareTerm(t: string): string {
  return t.replace(/^[$€£₹]+/, "");
}

/**
 * Adjacent term pairs of a term sequence with at least one number ("40 1000"), keyed "a b", terms
 * without their currency sign.
 */
export function namePairs(seq: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < seq.length; i++) {
    const a = bareTerm(seq[i] as string);
    const b = bareTerm(seq[i + 1] as string);
    if (a !== b && (/^\d[\d,.]*$/.test(a) || /^\d[\d,.]*$/.test(b))) out.push(`${a} ${b}`);
  }
  return out;
}

/**
 * A route is decisive when its document scores at least this many times the next one (routing
 * scores: idf-weighted naming terms). 2: one distinctive name word more than a look-alike sharing the insurer's.
 */
export const DEFAULT_DECISIVE_ROUTE_RATIO = 2;

/** Routes questions to the documents they name. */
export interface DocumentRouter {
  /**
   * The documents a question names, or undefined when it names none (or the member has one).
   * @param terms the question's own retrieval terms
   * @param nameLike the question's name-like terms (rag/query `nameTerms`: capitalised, all
   *   capitals, letters with digits): such a term also names the documents whose *name* (file
   *   name, plan name) holds it when at most {@link ROUTING_MAX_DOCUMENT_SHARE} of the documents'
   *   names do, however common the word is in their text ("SCAN" the plan vs "CT scans")
   */
  route(terms: readonly string[], nameLike?: readonly string[]): string[] | undefined;
  /** The member's documents (ids, in first-unit order). */
  readonly documents: readonly string[];
  /**
   * The question terms that name documents (rare across the member's documents, see module doc)
   * and occur in the profile (name, cover) of one of `documents`: inside the named documents they match (nearly) every unit
   * alike, so ranking there should not count them.
   * Also the question's `nameRun` terms (words of a plan name as the member wrote it) found in
   * those documents' profiles, however common elsewhere.
   * @param terms the question's own retrieval terms
   * @param documents the routed documents
   * @param nameRun terms of the question's runs of name-like words (rag/query `nameRunTerms`)
   * @param nameRunScope where a `nameRun` term must occur to count: `"profile"` (name or cover
   *   text) or `"name"` (file name or plan name only: a capitalised heading the member quotes from
   *   the cover, "Member Services", "Table of Benefits", is what the question asks about). Default `"profile"`.
   */
  namingTerms(terms: readonly string[], documents: readonly string[], nameRun?: readonly string[], nameRunScope?: "profile" | "name"): string[];
  /**
   * The one document a question names beyond doubt: named by a word of its own name (file name,
   * plan name; not a cover or body word only: "phone" on one cover names no plan), scoring at least
   * `ratio` times the next document. Undefined otherwise.
   * Retrieval may then keep to it and rank it as a member's only document.
   * @param ratio default {@link DEFAULT_DECISIVE_ROUTE_RATIO}
   */
  decisive(terms: readonly string[], nameLike?: readonly string[], ratio?: number): string | undefined;
}

/**
 * Builds the router over a member's units.
 * @param terms the retrieval tokeniser
 * @param unitTerms each unit's terms when already computed (the index's body field), in unit order
 */
export function createDocumentRouter(units: readonly StoredUnit[], terms: (text: string) => string[], unitTerms?: readonly (readonly string[])[]): DocumentRouter {
  const profiles = new Map<string, Set<string>>();
  /** File name and plan name terms of each document. */
  const names = new Map<string, Set<string>>();
  const firstPage = new Map<string, string[]>();
  const planned = new Set<string>();
  /** Number pairs of each document's names (file name, plan name). */
  const pairs = new Map<string, Set<string>>();
  const addPairs = (doc: string, seq: readonly string[]) => {
    let set = pairs.get(doc);
    if (!set) pairs.set(doc, (set = new Set()));
    for (const p of namePairs(seq)) set.add(p);
  };
  for (const u of units) {
    if (!profiles.has(u.documentId)) {
      profiles.set(u.documentId, new Set(terms(titleText(u.filename))));
      names.set(u.documentId, new Set(terms(titleText(u.filename))));
      addPairs(u.documentId, terms(titleText(u.filename)));
    }
    // A record unit carries its document's plan name (as printed or as the owner set it).
    if (u.plan && !planned.has(u.documentId)) {
      planned.add(u.documentId);
      addPairs(u.documentId, terms(u.plan));
      for (const t of terms(u.plan)) {
        profiles.get(u.documentId)?.add(t);
        names.get(u.documentId)?.add(t);
      }
    }
    if (u.pageStart === 1) {
      const words = firstPage.get(u.documentId) ?? [];
      if (words.length < PROFILE_FIRST_PAGE_WORDS) firstPage.set(u.documentId, [...words, ...u.text.split(/\s+/)].slice(0, PROFILE_FIRST_PAGE_WORDS));
    }
  }
  for (const [doc, words] of firstPage) for (const t of terms(words.join(" "))) profiles.get(doc)?.add(t);
  // Document frequency over the documents' whole text (and names): a naming word is rare in the
  // member's documents as a whole, not only on their covers.
  const full = new Map<string, Set<string>>();
  units.forEach((u, i) => {
    let set = full.get(u.documentId);
    if (!set) full.set(u.documentId, (set = new Set(profiles.get(u.documentId))));
    for (const t of unitTerms?.[i] ?? terms(u.text)) set.add(t);
  });
  const n = profiles.size;
  const df = new Map<string, number>();
  for (const p of full.values()) for (const t of p) df.set(t, (df.get(t) ?? 0) + 1);
  const maxDf = Math.max(1, Math.floor(n * ROUTING_MAX_DOCUMENT_SHARE));
  const nameDf = new Map<string, number>();
  for (const p of names.values()) for (const t of p) nameDf.set(t, (nameDf.get(t) ?? 0) + 1);
  const pairDf = new Map<string, number>();
  for (const p of pairs.values()) for (const t of p) pairDf.set(t, (pairDf.get(t) ?? 0) + 1);
  const profileDf = new Map<string, number>();
  for (const p of profiles.values()) for (const t of p) profileDf.set(t, (profileDf.get(t) ?? 0) + 1);
  /** A naming term's weight in a document: {@link NAME_TERM_WEIGHT} in its name (when the term is on no other profile), {@link PROFILE_TERM_WEIGHT} in its profile, else 1. */
  const termWeight = (t: string, own: ReadonlySet<string>, profile: ReadonlySet<string>) =>
    own.has(t) && (profileDf.get(t) ?? 0) <= (nameDf.get(t) ?? 0) ? NAME_TERM_WEIGHT : profile.has(t) ? PROFILE_TERM_WEIGHT : 1;
  const namingOf = (questionTerms: readonly string[]) => [...new Set(questionTerms)].filter((t) => (df.get(t) ?? 0) >= 1 && (df.get(t) ?? 0) <= maxDf);
  const byName = (nameLike: readonly string[]) => [...new Set(nameLike)].filter((t) => (nameDf.get(t) ?? 0) >= 1 && (nameDf.get(t) ?? 0) <= maxDf);
  /** Each document's routing score for a question (undefined when nothing names a document), and the documents a word of their own name (file name, plan name) names. */
  const scoresOf = (questionTerms: readonly string[], nameLike: readonly string[]): { scores: Map<string, number>; ownNamed: Set<string> } | undefined => {
    if (n < 2) return undefined;
    // Rare words on some document's name or cover name a plan; when there are any, a rare word
    // found only in a document's body ("wheelchair", "car") is what the question asks about, not
    // which plan: it routes only a question that names no plan by its cover.
    const rare = namingOf(questionTerms);
    const onProfiles = rare.filter((t) => (profileDf.get(t) ?? 0) >= 1);
    const naming = onProfiles.length > 0 ? onProfiles : rare;
    const named = byName(nameLike).filter((t) => !naming.includes(t));
    const asked = [...new Set(namePairs(questionTerms))].filter((p) => (pairDf.get(p) ?? 0) >= 1 && (pairDf.get(p) ?? 0) <= maxDf);
    if (naming.length === 0 && named.length === 0 && asked.length === 0) return undefined;
    let best = 0;
    const scores = new Map<string, number>();
    const ownNamed = new Set<string>();
    for (const [doc, p] of profiles) {
      let s = 0;
      const text = full.get(doc) as Set<string>;
      const own = names.get(doc) as Set<string>;
      for (const t of naming) if (text.has(t)) s += termWeight(t, own, p) * Math.log(1 + n / (df.get(t) as number));
      for (const t of named) if (own.has(t)) s += PROFILE_TERM_WEIGHT * Math.log(1 + n / (nameDf.get(t) as number));
      for (const q of asked) if (pairs.get(doc)?.has(q)) s += NAME_PAIR_WEIGHT * Math.log(1 + n / (pairDf.get(q) as number));
      if (naming.some((t) => own.has(t)) || named.some((t) => own.has(t)) || asked.some((q) => pairs.get(doc)?.has(q))) ownNamed.add(doc);
      scores.set(doc, s);
      best = Math.max(best, s);
    }
    if (best <= 0) return undefined;
    return { scores, ownNamed };
  };
  return {
    documents: [...profiles.keys()],
    namingTerms(questionTerms, documents, nameRun = [], nameRunScope = "profile") {
      const rare = n < 2 ? [] : namingOf(questionTerms).filter((t) => documents.some((d) => profiles.get(d)?.has(t)));
      const scope = nameRunScope === "name" ? names : profiles;
      return [...new Set([...rare, ...nameRun.filter((t) => documents.some((d) => scope.get(d)?.has(t)))])];
    },
    route(questionTerms, nameLike = []) {
      const scores = scoresOf(questionTerms, nameLike)?.scores;
      if (!scores) return undefined;
      const best = Math.max(...scores.values());
      return [...scores].filter(([, s]) => s >= best - 1e-9).map(([d]) => d);
    },
    decisive(questionTerms, nameLike = [], ratio = DEFAULT_DECISIVE_ROUTE_RATIO) {
      const found = scoresOf(questionTerms, nameLike);
      if (!found) return undefined;
      const ranked = [...found.scores].sort((a, b) => b[1] - a[1]);
      const [first, second] = [ranked[0] as [string, number], ranked[1]?.[1] ?? 0];
      return found.ownNamed.has(first[0]) && first[1] >= ratio * second && first[1] > second ? first[0] : undefined;
    },
  };
}
