/**
 * A quoted list item's lead-in. A policy's enumerated list states its value once, in the heading
 * before its items (an IRDAI waiting-period list: "iii. Two years waiting period a. Cataract b. …
 * c. Hernia d. Hydrocele"): a quoted item ("Hernia") names the service asked about but not what the
 * list says of it. The sentence splitter ends each item at the next item's label ("Hernia d."), and
 * the heading at the first item's label ("… waiting period a."), so the heading is found by walking
 * back over the items to the sentence ending with a first label.
 */
import type { Cand } from "./select.ts";

/** Most items walked back over from a quoted item to its list's heading (a list a. … z.). */
export const LIST_LEAD_MAX_ITEMS = 26;
/** Longest heading added, in characters: a longer sentence is prose, not a list's heading. */
export const LIST_LEAD_MAX_CHARS = 160;

/** A sentence ending with a list label ("d.", "(iv)", "12)"): the next item's label the splitter left on it. */
const ITEM_END_RE = /(?:^|\s)(?:\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)|(?:[a-z]|[ivx]{1,5}|\d{1,2})[.)])\s*$/;
/**
 * A sentence ending with a list's first label ("a.", "(i)", "1)"), or with "a." glued to its last
 * word as the PDF's text layer often leaves it ("Two years waiting perioda."): the heading of the
 * list that follows.
 */
const FIRST_LABEL_END_RE = /(?:(?:^|\s)(?:\((?:a|i|1)\)|(?:a|i|1)[.)])|[a-z]{3}a\.)\s*$/;
/** Most words of an unlabelled sentence walked over as an item (the chunk overlap repeats an item without its label: "Cataract"). */
const BARE_ITEM_MAX_WORDS = 4;
const isItem = (text: string): boolean => ITEM_END_RE.test(text) || text.split(/\s+/).length <= BARE_ITEM_MAX_WORDS;

/** Whether a sentence ends with a list label ("Hernia d.", "Cataract (ii)"): an item of an enumerated list, cut by the sentence splitter at the next item's label. */
export function endsWithListLabel(text: string): boolean {
  return ITEM_END_RE.test(text);
}

/**
 * The headings of the lists that quoted items belong to: for each quoted sentence ending with a
 * list label (an item), walking back over the items before it in its passage (sentences ending
 * with a label, or of at most {@link BARE_ITEM_MAX_WORDS} words; at most
 * {@link LIST_LEAD_MAX_ITEMS}), the sentence ending with the list's first label, when not quoted
 * already and at most {@link LIST_LEAD_MAX_CHARS} characters. Records are left alone.
 * @param picked the quoted sentences
 * @param cands every candidate sentence in passage order
 */
export function listLeads(picked: ReadonlySet<Cand>, cands: readonly Cand[]): Cand[] {
  const out: Cand[] = [];
  for (const c of picked) {
    if (c.chunk.record || !ITEM_END_RE.test(c.text) || FIRST_LABEL_END_RE.test(c.text)) continue;
    const at = cands.indexOf(c);
    for (let i = at - 1; i >= 0 && i >= at - LIST_LEAD_MAX_ITEMS; i--) {
      const prev = cands[i] as Cand;
      if (prev.rank !== c.rank || prev.chunk.record) break;
      if (FIRST_LABEL_END_RE.test(prev.text)) {
        if (prev.text.length <= LIST_LEAD_MAX_CHARS && !picked.has(prev) && !out.includes(prev)) out.push(prev);
        break;
      }
      if (!isItem(prev.text)) break;
    }
  }
  return out;
}
