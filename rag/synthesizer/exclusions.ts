/**
 * The excluded-services box of the SBC uniform template (45 CFR 147.200; the template's
 * "Excluded Services & Other Covered Services" section): a list headed "Services Your Plan Does
 * NOT Cover (This isn't a complete list. Check your policy or plan document for other excluded
 * services.)", then a second list headed "Other Covered Services (…)". Extracted as running text,
 * the items ("• Acupuncture • Cosmetic surgery …") lose the heading that says what they are; a
 * quoted run of items read alone does not say the service is not covered. A quoted sentence of the
 * first list is shown with that said first, the items as printed, and nothing of the second list.
 */
import { coverage, sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";

/** The first list's heading, or the end of its parenthesis ("… for other excluded services.)"). */
const NOT_COVERED_HEADING_RE = /Services Your Plan (?:Generally )?Does NOT Cover\b(?:\s*\([^)]*\)?)?:?|\bother excluded services\.?\)?/g;
/** The second list's heading ("Other Covered Services (This isn't a complete list…"); not the section title "… & Other Covered Services:". */
const COVERED_HEADING_RE = /(?<!&\s?)\bOther Covered Services\s?\(/;
/** The section's title, which the page layout may put between the heading and the items. */
const SECTION_TITLE_RE = /Excluded Services & Other Covered Services:?/g;
/** Sentences before a quoted one searched for the first list's heading. */
export const EXCLUSION_LOOKBACK_SENTENCES = 3;
/** Least letters left once the heading is removed for the rest to count as items. */
const MIN_ITEM_CHARS = 4;

/**
 * Share of the question's term weight the items must cover to be said not covered: the service
 * asked about is among them ("acupuncture" in "is acupuncture covered?" covers ~0.9; "Weight loss
 * programs" for "a residential program to dry out from alcohol" 0.16).
 */
export const EXCLUDED_MIN_COVERAGE = 0.3;

/**
 * How the answer says that the items are the plan's excluded services (English; Spanish). The
 * Spanish lead keeps the document's own English words ("Not covered") beside the translation, as
 * the rest of a Spanish answer quotes the English document.
 */
export const NOT_COVERED_LEAD = { en: "Not covered (listed under Services Your Plan Does NOT Cover):", es: "No cubierto — Not covered (en la lista Services Your Plan Does NOT Cover):" } as const;

/**
 * The items of the excluded-services list that a quoted sentence holds, without the headings, or
 * undefined when the sentence is not in that list: the heading is in the sentence, or in one of the
 * {@link EXCLUSION_LOOKBACK_SENTENCES} before it in its passage with no "Other Covered Services"
 * heading between. Items after an "Other Covered Services" heading in the sentence are cut off.
 * @param c the quoted sentence
 * @param cands every candidate sentence in passage order (its neighbours)
 */
export function excludedItems(c: Cand, cands: readonly Cand[]): string | undefined {
  if (c.chunk.record) return undefined;
  let body: string | undefined;
  const heads = [...c.text.matchAll(NOT_COVERED_HEADING_RE)];
  const last = heads[heads.length - 1];
  if (last) body = c.text.slice((last.index ?? 0) + last[0].length);
  else {
    const at = cands.indexOf(c);
    for (let k = 1; k <= EXCLUSION_LOOKBACK_SENTENCES && at - k >= 0; k++) {
      const prev = cands[at - k] as Cand;
      if (prev.rank !== c.rank || prev.chunk.record || COVERED_HEADING_RE.test(prev.text)) break;
      if (new RegExp(NOT_COVERED_HEADING_RE.source).test(prev.text)) {
        body = c.text;
        break;
      }
    }
  }
  if (body === undefined) return undefined;
  const end = body.search(COVERED_HEADING_RE);
  const items = (end >= 0 ? body.slice(0, end) : body).replace(SECTION_TITLE_RE, " ").replace(/^[\s).:;,]+/, "").replace(/\s+/g, " ").trim();
  return items.replace(/[^A-Za-z]/g, "").length >= MIN_ITEM_CHARS ? items : undefined;
}

/**
 * What to show for quoted sentences of the excluded-services list whose items name what the
 * question asks about (cover {@link EXCLUDED_MIN_COVERAGE} of its weight): the {@link NOT_COVERED_LEAD} and the items as printed (see
 * {@link excludedItems}); other sentences have no entry. For `RenderOptions.display` (render.ts).
 * @param picked the quoted sentences
 * @param cands every candidate sentence in passage order
 * @param weights query-term weights
 * @param language the answer's language
 */
export function excludedDisplay(picked: readonly Cand[], cands: readonly Cand[], weights: ReadonlyMap<string, number>, language: "en" | "es" = "en"): Map<Cand, { lead: string; text: string }> {
  const out = new Map<Cand, { lead: string; text: string }>();
  for (const c of picked) {
    const items = excludedItems(c, cands);
    // only a list naming what is asked about says that it is not covered
    if (items !== undefined && coverage(sentenceFeatures(items).terms, weights) >= EXCLUDED_MIN_COVERAGE) out.set(c, { lead: NOT_COVERED_LEAD[language], text: items });
  }
  return out;
}
