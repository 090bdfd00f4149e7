/**
 * Refits the refusal model (rag/refusal DEFAULT_REFUSAL_MODEL) on the development set:
 * `bun eval/fit-refusal.ts [FILE…]` (default eval/dev/*.json).
 *
 * 1. Runs every dev case through the in-memory harness (bench/answers-harness.ts), `fusion`
 *    retrieval, without refusal, per-document and library mode, and records the refusal features.
 * 2. Fits a logistic regression (answerable = 1, unanswerable = 0; batch gradient descent, L2
 *    {@link L2}, unanswerable cases weighted up to balance the classes).
 * 3. Picks the threshold: the largest p that keeps answerable refusals ≤ 5% on dev in each mode, and reports
 *    unanswerable accuracy there (the target is ≥ 0.90).
 * 4. Cross-validates the whole procedure (fit + threshold): cases split into {@link FOLDS} folds by
 *    their position in the case list (both modes of a case in the same fold), each fold scored by
 *    the model and threshold fitted on the others; reports held-out unanswerable accuracy and
 *    answerable refusals beside the in-sample figures (dev has few unanswerable cases).
 * Prints the constants to paste into rag/refusal/refusal.ts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCases, runCases } from "../bench/answers-harness.ts";
import { REFUSAL_FEATURES, type RefusalFeatures } from "../rag/refusal/index.ts";

/** L2 penalty of the fit. */
const L2 = 0.01;
/** Gradient steps and rate. */
const STEPS = 20_000;
const RATE = 0.5;
/** Largest answerable refusal rate allowed at the operating point. */
const MAX_ANSWERABLE_REFUSAL = 0.05;
/** Cross-validation folds. */
const FOLDS = 10;

// `--without a,b`: leave these features out of the fit (coefficient 0), to measure what each earns.
const argv = process.argv.slice(2);
const withoutAt = argv.indexOf("--without");
const without = new Set(withoutAt >= 0 ? (argv[withoutAt + 1] ?? "").split(",") : []);
// `--no-records`: fit over chunks only (the app retrieves structure records beside them).
const records = !argv.includes("--no-records");
const args = (withoutAt >= 0 ? argv.filter((_, i) => i !== withoutAt && i !== withoutAt + 1) : argv).filter((a) => a !== "--no-records");
const DEV = join(import.meta.dir, "dev");
const files = args.length > 0 ? args : readdirSync(DEV).filter((f) => f.endsWith(".json")).map((f) => join(DEV, f));
const cases = loadCases(files);
const rows: Row[] = [];
const foldOf = new Map(cases.map((c, i) => [c.id, i % FOLDS]));
for (const mode of ["per-document", "library"] as const) {
  for (const o of await runCases(cases, { mode, retrieval: "fusion", noRefusal: true, records })) {
    if (!o.features) continue;
    rows.push({ x: REFUSAL_FEATURES.map((k) => (without.has(k) ? 0 : (o.features as RefusalFeatures)[k])), y: o.c.kind === "unanswerable" ? 0 : 1, id: `${mode}:${o.c.id}`, fold: foldOf.get(o.c.id) ?? 0 });
  }
}
type Row = { x: number[]; y: number; id: string; fold: number };
const d = REFUSAL_FEATURES.length;
const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const predictWith = (w: readonly number[], x: readonly number[]) => sigma((w[0] as number) + x.reduce((s, v, i) => s + v * (w[i + 1] as number), 0));
/** Logistic regression by batch gradient descent, classes balanced, L2. */
function fit(train: readonly Row[]): number[] {
  const pos = train.filter((r) => r.y === 1).length;
  const neg = train.length - pos;
  const weightOf = (y: number) => (y === 1 ? 1 : pos / Math.max(1, neg));
  const w = new Array<number>(d + 1).fill(0);
  for (let step = 0; step < STEPS; step++) {
    const g = new Array<number>(d + 1).fill(0);
    let total = 0;
    for (const r of train) {
      const k = weightOf(r.y);
      const e = (predictWith(w, r.x) - r.y) * k;
      g[0] = (g[0] as number) + e;
      r.x.forEach((v, i) => (g[i + 1] = (g[i + 1] as number) + e * v));
      total += k;
    }
    for (let i = 0; i <= d; i++) w[i] = (w[i] as number) - RATE * ((g[i] as number) / total + (i > 0 ? L2 * (w[i] as number) : 0));
  }
  return w;
}
const pos = rows.filter((r) => r.y === 1).length;
const neg = rows.length - pos;
const w = fit(rows);
const predict = (x: number[]) => predictWith(w, x);
const scored = rows.map((r) => ({ ...r, p: predict(r.x) }));
const answerable = scored.filter((r) => r.y === 1).map((r) => r.p).sort((a, b) => a - b);
const unanswerable = scored.filter((r) => r.y === 0);
// Largest threshold with ≤ 5% of answerable cases below it, in each mode (per-document and library).
const thresholdOf = (ps: readonly number[]): number => {
  const sorted = [...ps].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * MAX_ANSWERABLE_REFUSAL);
  return cut > 0 ? ((sorted[cut - 1] as number) + (sorted[cut] as number)) / 2 : (sorted[0] as number) - 1e-6;
};
const thresholdFor = (rs: readonly { y: number; id: string; p: number }[]): number =>
  Math.min(...(["per-document", "library"] as const).map((m) => thresholdOf(rs.filter((r) => r.y === 1 && r.id.startsWith(`${m}:`)).map((r) => r.p))));
const threshold = thresholdFor(scored);
const refusedAns = answerable.filter((p) => p < threshold).length / answerable.length;
const unansAcc = unanswerable.filter((r) => r.p < threshold).length / unanswerable.length;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
console.log(`cases ${cases.length} × 2 modes: ${pos} answerable, ${neg} unanswerable rows`);
console.log(`operating point: threshold ${r4(threshold)}, answerable refused ${(refusedAns * 100).toFixed(1)}%, unanswerable accuracy ${(unansAcc * 100).toFixed(1)}%`);
for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const a = answerable.filter((p) => p < t).length / answerable.length;
  const u = unanswerable.filter((r) => r.p < t).length / unanswerable.length;
  console.log(`  at p < ${t}: answerable refused ${(a * 100).toFixed(1)}%, unanswerable ${(u * 100).toFixed(1)}%`);
}
console.log("unanswerable cases answered at the operating point:", unanswerable.filter((r) => r.p >= threshold).map((r) => `${r.id} (${r4(r.p)})`).join(", ") || "none");
// Cross-validation of fit + threshold.
if (!argv.includes("--no-cv")) {
  const held: { y: number; id: string; refused: boolean }[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => r.fold !== k);
    const wk = fit(train);
    const tk = thresholdFor(train.map((r) => ({ ...r, p: predictWith(wk, r.x) })));
    for (const r of rows.filter((r) => r.fold === k)) held.push({ y: r.y, id: r.id, refused: predictWith(wk, r.x) < tk });
  }
  for (const m of ["per-document", "library"] as const) {
    const hm = held.filter((r) => r.id.startsWith(`${m}:`));
    const a = hm.filter((r) => r.y === 1);
    const u = hm.filter((r) => r.y === 0);
    console.log(`${FOLDS}-fold held-out ${m}: answerable refused ${((a.filter((r) => r.refused).length / a.length) * 100).toFixed(1)}%, unanswerable ${((u.filter((r) => r.refused).length / u.length) * 100).toFixed(1)}%`);
  }
}
for (const m of ["per-document", "library"] as const) {
  const sm = scored.filter((r) => r.id.startsWith(`${m}:`));
  const a = sm.filter((r) => r.y === 1);
  const u = sm.filter((r) => r.y === 0);
  console.log(`in-sample ${m}: answerable refused ${((a.filter((r) => r.p < threshold).length / a.length) * 100).toFixed(1)}%, unanswerable ${((u.filter((r) => r.p < threshold).length / u.length) * 100).toFixed(1)}%`);
}
console.log(`\nexport const DEFAULT_REFUSAL_MODEL: RefusalModel = {
  intercept: ${r4(w[0] as number)},
  coefficients: { ${REFUSAL_FEATURES.map((k, i) => `${k}: ${r4(w[i + 1] as number)}`).join(", ")} },
  threshold: ${r4(threshold)},
};`);
