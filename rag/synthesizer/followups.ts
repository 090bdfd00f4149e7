/**
 * Passages added to or kept out of an answer around the ones chosen: records retrieved lower for
 * an ask of their own, the sentence a quoted "This program …" refers to, and other numbered rows
 * ("Tier 3" when "tier 4" is asked).
 */
import type { RetrievedChunk } from "../types.ts";
import { recordFeatures } from "./passages.ts";
import type { Cand } from "./select.ts";

/**
 * Records retrieved below the chunks that anchor passages (`ranked` past `topCount`), as
 * candidates of their own after `cands` (one line each, so they need no neighbours). A question
 * with several asks ("does X count against the deductible, and how big is the deductible?")
 * retrieves mostly for its first topic; the row of the second, a record, is often retrieved but
 * ranked below the passages kept for the whole question. Only records of the documents those
 * passages come from: the asks are about the plan the question is about.
 * @param ranked all retrieved units, best first
 * @param topCount how many of them anchor passages
 * @param cands the candidates stitched from those
 */
export function laterRecords(ranked: readonly RetrievedChunk[], topCount: number, cands: readonly Cand[]): Cand[] {
  const have = new Set(cands.map((c) => c.chunk.chunkId));
  const docs = new Set(ranked.slice(0, topCount).map((c) => c.documentId));
  let rank = cands.reduce((m, c) => Math.max(m, c.rank), -1);
  const out: Cand[] = [];
  for (const c of ranked.slice(topCount)) {
    if (!c.record || have.has(c.chunkId) || !docs.has(c.documentId)) continue;
    have.add(c.chunkId);
    const text = c.text.replace(/\s+/g, " ").trim();
    out.push({ chunk: c, rank: ++rank, idx: 0, text, start: 0, f: recordFeatures(text, c.record.section), isQuestion: false });
  }
  return out;
}

/**
 * Prose passages anchored at chunks retrieved below the ones that anchor the answer's passages
 * (`ranked` past `topCount`, the next `count` chunks of the documents the top chunks come from that
 * `cands` do not hold), stitched with their retrieved neighbours as `stitchPassages` (passages.ts)
 * does, ranked after `cands`.
 * @param ranked all retrieved units, best first
 * @param topCount how many of them anchor the answer's passages
 * @param count how many further chunks anchor passages of their own
 * @param cands the candidates stitched from the top chunks
 * @param stitch stitches passages from units, anchored at the first `n`
 */
export function laterPassages(
  ranked: readonly RetrievedChunk[],
  topCount: number,
  count: number,
  cands: readonly Cand[],
  stitch: (units: readonly RetrievedChunk[], n: number) => Cand[],
): Cand[] {
  const have = new Set(cands.map((c) => c.chunk.chunkId));
  const docs = new Set(ranked.slice(0, topCount).map((c) => c.documentId));
  const rest = ranked.slice(topCount).filter((c) => !c.record && !have.has(c.chunkId) && docs.has(c.documentId));
  if (rest.length === 0 || count <= 0) return [];
  const base = cands.reduce((m, c) => Math.max(m, c.rank), -1) + 1;
  return stitch(rest, count).map((c) => ({ ...c, rank: c.rank + base }));
}

/**
 * A sentence opening with a demonstrative ("This program is free.", "These services …") speaks of
 * the sentence before it ("It …" is left out: "It is important to …" refers to nothing). Dev facts
 * per document / library 68.9 / 65.6 → 69.2 / 65.9; "It" and "They" as well: same figures, four
 * answers more lengthened by a sentence that was not referred to.
 */
const ANAPHOR_RE = /^(?:This|These|That|Those|Such)\s+[a-z]+/;

/**
 * The sentences that quoted sentences opening with a demonstrative refer to: the
 * sentence right before each in its passage, when not quoted already (a quoted "This program is
 * voluntary and free." says nothing of which program without it).
 * @param picked the quoted sentences
 * @param cands every candidate sentence in passage order
 */
export function referents(picked: ReadonlySet<Cand>, cands: readonly Cand[]): Cand[] {
  const out: Cand[] = [];
  for (const c of picked) {
    if (c.chunk.record || !ANAPHOR_RE.test(c.text.trim())) continue;
    const prev = cands[cands.indexOf(c) - 1];
    if (prev && prev.rank === c.rank && !prev.chunk.record && !picked.has(prev) && !out.includes(prev)) out.push(prev);
  }
  return out;
}

/**
 * A sentence ending with a colon introduces what follows ("… provided:", "You pay:", "Exclusions
 * include:"): quoted alone it states a lead-in without its content. So does one whose colon is
 * followed only by a list's first item ("… provided: i. the patient is admitted."; "(a)",
 * "1)", "•"): the sentence splitter ends it after that item, and the list goes on in the next.
 */
const LEAD_IN_RE = /:\s*(?:(?:\((?:i|a|1)\)|(?:i|a|1)[.)]|[•●▪◦-])\s+[^:]*)?$/;

/**
 * A sentence ending at a comma and a conjunction ("… by 20% per annum, but"): what it says goes on
 * in the next sentence, where a list it introduces begins ("i. The maximum … 100% …"), and the
 * sentence splitter (or the lead-in's colon lost with page furniture) ended it there. Dev harness
 * (676 cases less members4, fusion, facts per document / library) 77.0 / 74.3 → 77.2 / 74.4, no case lower.
 */
const DANGLING_RE = /,\s*(?:but|and|or|provided(?: that)?|except)\s*$/i;

/**
 * A sentence ending with a list's first label, lower-case "a" or "i" ("3) Waiting period (Code 03)
 * a."; "… as follows (i)"): a heading whose first item the sentence splitter cut off at the
 * label's full stop, so the item, often the value asked for, is in the next sentence. Dev harness
 * (705 cases less members4/5/6, fusion, facts per document / library) 81.2 / 79.2 → 81.4 / 79.4
 * (multi-hop 62.5 → 64.3 both), no case lower, 6 answers changed, 1 character longer on average.
 */
const LIST_LABEL_END_RE = /(?:^|\s)(?:\((?:a|i)\)|(?:a|i)[.)])\s*$/;

/**
 * The sentences that quoted lead-ins introduce: the sentence right after each quoted sentence
 * that ends with a colon (or a comma and a conjunction, {@link DANGLING_RE}, or a list's first
 * label, {@link LIST_LABEL_END_RE}), in its passage, when not quoted already (a quoted "The plan pays a daily
 * allowance, provided:" says nothing of the conditions without it). Records are left alone (a
 * table row's cells are whole). Dev facts (583 answerable, per document / library) 486 / 472 →
 * 487 / 473, no case lower; the colon at the end alone changed none.
 * @param picked the quoted sentences
 * @param cands every candidate sentence in passage order
 */
export function continuations(picked: ReadonlySet<Cand>, cands: readonly Cand[]): Cand[] {
  const out: Cand[] = [];
  for (const c of picked) {
    if (c.chunk.record || !(LEAD_IN_RE.test(c.text) || DANGLING_RE.test(c.text) || LIST_LABEL_END_RE.test(c.text))) continue;
    const next = cands[cands.indexOf(c) + 1];
    if (next && next.rank === c.rank && !next.chunk.record && !picked.has(next) && !out.includes(next)) out.push(next);
  }
  return out;
}

/** A numbered name: a word and its number or Roman numeral ("Tier 4", "Level 3", "Zone II"). */
const NUMBERED_RE = /\b([A-Za-z]{3,})\s+(\d{1,2}|[IVX]{1,4})\b(?![.,]\d|%|\/|-\d)/g;

/**
 * Whether a passage names another numbered item than the question does: the question names
 * "tier 4" and the passage "Tier 3" and not "Tier 4" (drug tiers, appeal levels, zones: rows of one
 * table that differ by their number only).
 * @param question the user's question
 * @param text the passage (a record's label)
 */
export function namesOtherNumbered(question: string, text: string): boolean {
  const asked = new Map<string, Set<string>>();
  for (const m of question.matchAll(NUMBERED_RE)) {
    const w = (m[1] as string).toLowerCase();
    if (/^[ivx]+$/i.test(m[2] as string) && (m[2] as string) !== (m[2] as string).toUpperCase()) continue;
    (asked.get(w) ?? asked.set(w, new Set()).get(w))?.add((m[2] as string).toUpperCase());
  }
  if (asked.size === 0) return false;
  let other = false;
  for (const m of text.matchAll(NUMBERED_RE)) {
    const nums = asked.get((m[1] as string).toLowerCase());
    if (!nums) continue;
    if (nums.has((m[2] as string).toUpperCase())) return false;
    other = true;
  }
  return other;
}

/**
 * The sentences right after quoted sentences that open with a demonstrative ({@link ANAPHOR_RE})
 * and name the question's topic, when not quoted already: the mirror of {@link referents}. An EOC
 * introduces a thing in one sentence and states its terms in the next ("We offer additional
 * coverage of some prescription drugs … These drugs (… erectile dysfunction medication) are covered
 * under tier 1."); the next one scored below the best (its terms already covered) and was left out.
 * Dev harness (fusion, facts per document / library): ALL 83.0 / 81.7 → 83.1 / 81.8, FRESH
 * (members4–8) unchanged; hit@5, refusals and unanswerable unchanged, no case lower. Tried with it:
 * a sentence contrasting with the one before ("As a member, however, …") bringing that one in, as
 * {@link referents} does: FRESH +1 case both modes, but ALL hit@5 −0.1 both (the earlier page cited
 * pushed the evidence page out of the top 5), so not kept.
 * @param picked the quoted sentences
 * @param cands every candidate sentence in passage order
 * @param topical whether a sentence's terms name the question's topic (pick.ts `namesTopic`)
 */
export function elaborations(picked: ReadonlySet<Cand>, cands: readonly Cand[], topical: (c: Cand) => boolean): Cand[] {
  const out: Cand[] = [];
  for (const c of picked) {
    if (c.chunk.record) continue;
    const next = cands[cands.indexOf(c) + 1];
    if (!next || next.rank !== c.rank || next.chunk.record || next.isQuestion || picked.has(next) || out.includes(next)) continue;
    if (ANAPHOR_RE.test(next.text.trim()) && topical(next)) out.push(next);
  }
  return out;
}
