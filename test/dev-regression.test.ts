/**
 * Answer-quality regression on a fast, fixed subset of the development set (eval/dev/*.json, our
 * own cases; the public set is never used here): `navigator eval` in a child process on PGlite,
 * per-document mode, default retrieval. The subset: every {@link STRIDE}th case (by id) of five
 * documents (the SCAN EOC, two SBCs, both Indian policies), and the unanswerable cases of
 * eval/dev/eoc.json, asked of the member owning the EOC. Thresholds sit a few points under what the
 * subset measured when they were set (in the comments), so a regression fails the test.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EvalCase } from "../cli/eval/score.ts";
import { CORPUS_DIR, requireCorpus } from "./support/server.ts";

const ROOT = resolve(import.meta.dir, "..");
const DEV_DIR = join(ROOT, "eval", "dev");
const EOC = "scan_classic_hmo_2025_EOC.pdf";
const DOCUMENTS = [EOC, "SBC_Kaiser.pdf", "SBC_BlueShield.pdf", "National_Parivar_Mediclaim_Plus_Policy.pdf", "BAJHLIP23020V012223_Bajaj_Allianz_Global_Health_Care.pdf"];
/** Every STRIDE-th case of a document (sorted by id) is in the subset. */
const STRIDE = 4;
/** Unanswerable cases about the EOC taken into the subset (the first ones by id). */
const UNANSWERABLE = 15;
/**
 * Floors, a few points under what this subset measured when they were set (69 cases, PGlite,
 * default `fusion` with structure records as units): hit@5 0.833, facts 0.481, answerable refused
 * 0.037, unanswerable 0.20 (3/15); unanswerable 0.533 (8/15) after the refusal's absent-term
 * features (hit@5, facts and refusals unchanged); facts 0.648 after count/contact value completion,
 * maxChunks 6 and each ask's own passage (floor 0.60). With eval/dev/lookups.json the subset is
 * 76 cases (its cases take every fourth slot by id too): hit@5 0.787, facts 0.672, answerable
 * refused 0.049, unanswerable 0.533 (8/15), after BM25F k1 1.6 and plan-name words taken from the
 * document's name only (hit floor kept at 0.78, facts floor raised to 0.63). With
 * eval/dev/spanish.json and this round's answer, lay-vocabulary and Spanish work the subset is 81
 * cases: hit@5 0.864, facts 0.697, answerable refused 0.030, unanswerable 0.533 (floors 0.83, 0.66,
 * 0.07). With eval/dev/asks-lay.json (new multi-hop and lay-wording cases, harder, taking slots of the
 * stride) the subset is 83 cases: before this round's tuning hit@5 0.838, facts 0.618, answerable
 * refused 0.044; after the gapped-glossary entries, each ask's later records and the second service's
 * later passages 0.853, 0.647, 0.059, unanswerable 0.533 (facts floor 0.66 → 0.61: the subset changed,
 * not the answers). With the refusal's capped absent-word contribution and threshold set at ≤ 1%
 * answerable refused (rag/refusal DEFAULT_REFUSAL_MODEL, leave-one-file-out) the subset is 104
 * cases: hit@5 0.843, facts 0.640, answerable refused 0.011, unanswerable 0.467 (7/15; floors:
 * answerable refused 0.07 → 0.04, unanswerable 0.46 → 0.43). With spanish2/spanish3.json, per-ask
 * retrieval, decisive plan routing, ask-row labels and nearest passages (a refused question's
 * sources) the subset is 106 cases (held-out members4*.json never read): hit@5 0.879, facts 0.714,
 * answerable refused 0.022, unanswerable 0.467 (floors: hit@5 0.83 → 0.85, facts 0.61 → 0.68).
 * With page-diverse sources, near-tie passages, coverage examples ranked below rows and yes/no asks
 * (eighth round; members5*.json held out too, and members6*.json since the ninth): hit@5 0.890, facts 0.747, answerable refused 0.022,
 * unanswerable 0.467 (floors: hit@5 0.85 → 0.86, facts 0.68 → 0.71). Ninth round (own index for a
 * named plan, lay bridge, refusal refit with `phraseMatch` on the fresh member-wording sets, whose
 * operating point keeps fresh answerable questions refused ≤ 3%; members7*.json held out): hit@5
 * 0.912, facts 0.791, answerable refused 0, unanswerable 0.400 = 6 of the subset's 15 (floors: hit@5
 * 0.86 → 0.88, facts 0.71 → 0.75, unanswerable 0.43 → 0.33, one case under; on all 870 dev cases the
 * refit raised unanswerable accuracy 50.4 → 52.1 and lowered answerable refused 2.5 → 1.6%).
 * Tenth round (Spanish phrases, lay entries, refusal fitted to convergence at threshold 0.1543, the
 * synthesizer's illustration / verdict / list-heading rules, per-ask 'reserve' merge, plans named by
 * a capitalised run; members8*.json held out): hit@5 0.901, facts 0.780, answerable refused 0.011,
 * unanswerable 0.400 — one hit and one fact under the ninth round on this subset while all 934 dev
 * cases rose (hit@5 0.944 → 0.959, facts 0.809 → 0.835); floors kept.
 */
const MIN_HIT_AT_5 = 0.88;
const MIN_FACTS = 0.75;
const MAX_ANSWERABLE_REFUSAL = 0.04;
const MIN_UNANSWERABLE = 0.33;
const TIMEOUT_MS = 240_000;

const corpus = requireCorpus(DOCUMENTS);
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Dev files the regression never reads: held-out member-wording sets (eval/README.md), kept unseen for honest measurement. */
const HELD_OUT_DEV_FILES = /^members(?:[4-9]|\d\d)/;

/** The subset (see module doc). */
async function devSubset(): Promise<EvalCase[]> {
  const all: EvalCase[] = [];
  const eocUnanswerable: EvalCase[] = [];
  for (const f of readdirSync(DEV_DIR).filter((x) => x.endsWith(".json") && !HELD_OUT_DEV_FILES.test(x)).sort()) {
    const parsed = (await Bun.file(join(DEV_DIR, f)).json()) as { cases?: EvalCase[] } | EvalCase[];
    const cases = Array.isArray(parsed) ? parsed : (parsed.cases ?? []);
    all.push(...cases);
    // The EOC file's unanswerable cases are written about the EOC's member.
    if (f.startsWith("eoc")) eocUnanswerable.push(...cases.filter((c) => c.kind === "unanswerable"));
  }
  const byId = (a: EvalCase, b: EvalCase) => a.id.localeCompare(b.id);
  const out: EvalCase[] = [];
  for (const d of DOCUMENTS) out.push(...all.filter((c) => c.document === d).sort(byId).filter((_, i) => i % STRIDE === 0));
  out.push(...eocUnanswerable.sort(byId).slice(0, UNANSWERABLE).map((c) => ({ ...c, document: EOC })));
  return out;
}

test("shared corpus and dev set are available (fails under CI=true when missing, skips otherwise)", () => {
  if (!corpus.available) {
    if (corpus.mustFail) throw new Error(corpus.reason);
    console.warn(`[dev-regression] ${corpus.reason}`);
  }
});

describe.skipIf(!corpus.available)("dev-set regression (navigator eval, PGlite)", () => {
  test(
    "hit@5, answer facts, refusals and unanswerable accuracy stay above their floors",
    async () => {
      const cases = await devSubset();
      expect(cases.length).toBeGreaterThanOrEqual(40);
      dir = await mkdtemp(join(tmpdir(), "nav-dev-regression-"));
      const file = join(dir, "subset.json");
      await Bun.write(file, JSON.stringify({ cases }));
      const proc = Bun.spawn(["bun", "cli/main.ts", "eval", "--cases", file, "--corpus", CORPUS_DIR, "--json"], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: "error", DATABASE_URL: "" },
        stdout: "pipe",
        stderr: "pipe",
      });
      const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
      expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
      const r = JSON.parse(stdout) as { cases: number; retrieval_hit_at_5: number; answer_fact_accuracy: number; answerable_refusal_rate: number; unanswerable_accuracy: number };
      console.log(`[dev-regression] ${r.cases} cases: hit@5 ${r.retrieval_hit_at_5}, facts ${r.answer_fact_accuracy}, answerable refused ${r.answerable_refusal_rate}, unanswerable ${r.unanswerable_accuracy}`);
      expect(r.retrieval_hit_at_5).toBeGreaterThanOrEqual(MIN_HIT_AT_5);
      expect(r.answer_fact_accuracy).toBeGreaterThanOrEqual(MIN_FACTS);
      expect(r.answerable_refusal_rate).toBeLessThanOrEqual(MAX_ANSWERABLE_REFUSAL);
      expect(r.unanswerable_accuracy).toBeGreaterThanOrEqual(MIN_UNANSWERABLE);
    },
    TIMEOUT_MS,
  );
});
