/**
 * Light document routing: when a question names one of the member's plans (its insurer, product
 * name or file name), retrieval keeps to the documents so named. A document's
 * *profile* is its file name's words and the text of its first page (the cover or the SBC header
 * carry the insurer and plan name). A question term names documents when it occurs in the
 * profiles of at most {@link ROUTING_MAX_DOCUMENT_SHARE} of the member's documents (so "plan",
 * "HMO" or "coverage", on every cover, never route); the documents whose profiles hold the most
 * such terms (idf-weighted, and {@link PROFILE_TERM_WEIGHT} times more in the profile) are kept. With one document, or no naming term, nothing is routed.
 * (Issue 12 replaces profiles by proper plan identity.)
 */
import { type StoredUnit, titleText } from "./unit.ts";

/** A naming term occurs in at most this share of the member's documents' profiles (and in at least one). */
export const ROUTING_MAX_DOCUMENT_SHARE = 0.2;
/** Words of the first page that enter a profile (the cover or SBC header; later text is content). */
export const PROFILE_FIRST_PAGE_WORDS = 120;

/** A naming term found in a document's profile (name, cover) counts this many times one found only in its text. */
export const PROFILE_TERM_WEIGHT = 2;

/** Routes questions to the documents they name. */
export interface DocumentRouter {
  /**
   * The documents a question names, or undefined when it names none (or the member has one).
   * @param terms the question's own retrieval terms
   */
  route(terms: readonly string[]): string[] | undefined;
}

/**
 * Builds the router over a member's units.
 * @param terms the retrieval tokeniser
 * @param unitTerms each unit's terms when already computed (the index's body field), in unit order
 */
export function createDocumentRouter(units: readonly StoredUnit[], terms: (text: string) => string[], unitTerms?: readonly (readonly string[])[]): DocumentRouter {
  const profiles = new Map<string, Set<string>>();
  const firstPage = new Map<string, string[]>();
  for (const u of units) {
    if (!profiles.has(u.documentId)) profiles.set(u.documentId, new Set(terms(titleText(u.filename))));
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
  return {
    route(questionTerms) {
      if (n < 2) return undefined;
      const naming = [...new Set(questionTerms)].filter((t) => (df.get(t) ?? 0) >= 1 && (df.get(t) ?? 0) <= maxDf);
      if (naming.length === 0) return undefined;
      let best = 0;
      const scores = new Map<string, number>();
      for (const [doc, p] of profiles) {
        let s = 0;
        const text = full.get(doc) as Set<string>;
        for (const t of naming) if (text.has(t)) s += (p.has(t) ? PROFILE_TERM_WEIGHT : 1) * Math.log(1 + n / (df.get(t) as number));
        scores.set(doc, s);
        best = Math.max(best, s);
      }
      if (best <= 0) return undefined;
      return [...scores].filter(([, s]) => s >= best - 1e-9).map(([d]) => d);
    },
  };
}
