/**
 * Refits the refusal model (rag/refusal DEFAULT_REFUSAL_MODEL) on the development set:
 * `bun eval/fit-refusal.ts [--select] [--features a,b] [--dump FILE] [--no-records] [--no-cv] [--lofo] [FILE…]`
 * (default: see below).
 *
 * 1. Runs every dev case through the in-memory harness (bench/answers-harness.ts), `fusion`
 *    retrieval, without refusal, per-document and library mode, and records the refusal features.
 * 2. Fits a logistic regression (answerable = 1, unanswerable = 0; Newton's method to convergence,
 *    ./logistic.ts, L2 {@link DEFAULT_L2} or `--l2`, unanswerable cases weighted up to balance the classes) over the model's features:
 *    by default those DEFAULT_REFUSAL_MODEL has a coefficient for; `--features a,b` names others;
 *    `--select` chooses them by greedy forward selection on the cross-validated figures (below):
 *    each round adds the feature that most raises held-out unanswerable accuracy among those that
 *    keep held-out answerable refusals ≤ {@link MAX_ANSWERABLE_REFUSAL} in both modes, and stops
 *    when no feature raises it by {@link MIN_SELECTION_GAIN}.
 * 3. Picks the threshold: the largest p that keeps answerable refusals ≤ 5% on dev in each mode, and reports
 *    unanswerable accuracy there (the target is ≥ 0.90).
 * 4. Cross-validates the whole procedure (fit + threshold): cases split into {@link FOLDS} folds by
 *    their position in the case list (both modes of a case in the same fold), each fold scored by
 *    the model and threshold fitted on the others; reports held-out unanswerable accuracy and
 *    answerable refusals beside the in-sample figures (dev has few unanswerable cases), and
 *    "matched" figures: the threshold set on the held-out p of each mode's answerable cases (≤ 5%
 *    refused), so two feature sets compare at the same answerable refusal rate.
 * Prints the constants to paste into rag/refusal/refusal.ts. `--dump FILE` also writes every row
 * (id, label, all features) as JSON, to study features offline.
 * `--semantic DIR` adds the semantic-similarity candidates of eval/semantic-features.ts (USE-lite
 * cosine of the question with the top units, their sentences, the answer, record labels; the
 * packages installed under DIR) to the feature table, for `--features` and `--select`; `--plus a,b`
 * adds features to the default model's. `--rows FILE` reads the rows of an earlier `--dump` instead
 * of running the harness (a refit in seconds; the feature table is the dump's).
 * Each row also records the case's outcome answered without refusal (hit@5, facts, found), so the
 * cross-validation prints a harness estimate (bench/answers.ts figures by kind, per mode) of the
 * held-out decisions: a refused answerable case loses its hit and facts, a refused unanswerable
 * one passes. `--max-hits-lost F[,F2]` sets the threshold under that cost: the largest p with at
 * most F (per-document; F2 library) of the answerable cases refused *that retrieval answers*
 * (hit@5), and ≤ 5% refused in all. `--hits-only` leaves answerable misses out of the fit;
 * `--threshold-only` keeps DEFAULT_REFUSAL_MODEL's coefficients and chooses only the threshold
 * (cross-validated like a fit). `--target F` sets the threshold at F answerable refused instead of
 * 5%; `--l2 F` the fit's L2; `--absent-cap C` caps DEFAULT_REFUSAL_MODEL's absent-word
 * contribution (RefusalModel `absentCap`) in `--lofo`.
 * `--lofo`: leave-one-FILE-out cross-validation (./lofo.ts): each dev file scored by a model
 * trained on the others; per held-out file, member-worded files pooled, all pooled and the rows
 * with an absent rare word, answerable and unanswerable refused per mode, for DEFAULT_REFUSAL_MODEL
 * as is, its coefficients with the threshold set on the other files, and the refit.
 * `--unans-target U`: the threshold instead refuses at least U of the fitted rows' unanswerable
 * cases in each mode (the smallest such p): feature sets then compare at equal unanswerable accuracy
 * by their answerable refusals, the figure a fresh member-wording set moves.
 * `phraseMatch` (rag/refusal/phrase.ts) comes from the retriever like the others since round 2.
 * `--curve`: the leave-one-file-out operating curve (./lofo.ts `lofoCurve`): unanswerable refused at
 * 1, 2, 3, 5 and 10% answerable refused, per mode, the threshold set on the pooled held-out p, for
 * DEFAULT_REFUSAL_MODEL's coefficients (fitted on dev: only its threshold is held out) and for the
 * refit of `features` (each file scored by the fit on the others); then both again with the threshold
 * set on the fresh member-wording files' held-out answerable p (./lofo.ts FRESH_FILES), and the
 * refit's threshold at ≤ 3% of them refused (the operating point of DEFAULT_REFUSAL_MODEL since round 2).
 * By default the dev files are every eval/dev/*.json but the absent-term lists and the held-out
 * member sets members9*.json and later (never read); members3.json is one more LOFO fold since December 2026,
 * members4/5/6.json since round 2, members7.json since the tenth round and members8.json since the eleventh (released for tuning; `--curve` sets a fresh operating point on them).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { loadCases, runCases } from "../bench/answers-harness.ts";
import { DEFAULT_REFUSAL_MODEL, REFUSAL_FEATURES, type RefusalFeatures, refusalProbability } from "../rag/refusal/index.ts";
import { fitLogistic } from "./logistic.ts";
import { curveLines, leaveOneFileOut, lofoCurve, lofoTable } from "./lofo.ts";
import { SEMANTIC_FEATURES, semanticFeatures, type SemanticInput } from "./semantic-features.ts";

/**
 * L2 penalty of the fit (`--l2 F` sets another; unitless, on the weighted mean log-loss). 0.001
 * since the tenth round: with the fit run to convergence (./logistic.ts) it gave the best held-out
 * curve of 0.0003 / 0.001 / 0.003 / 0.01 at the fresh operating point (eval/README.md "Tenth round").
 */
const DEFAULT_L2 = 0.001;
/** Largest answerable refusal rate allowed at the operating point. */
const MAX_ANSWERABLE_REFUSAL = 0.05;
/** Cross-validation folds. */
const FOLDS = 10;
/** Smallest gain in the selection score that adds a feature (one held-out unanswerable row of ~150 is 0.007). */
const MIN_SELECTION_GAIN = 0.005;

type Feature = string;
/** One case in one mode: features, label (answerable 1), and its outcome answered without refusal (hit@5, facts pass, synthesizer found). */
type Row = { all: Record<Feature, number>; y: number; id: string; fold: number; kind?: string; hit?: boolean; pass?: boolean; found?: boolean; file?: string };
const argv = process.argv.slice(2);
const valueOf = (flag: string): string | undefined => {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
};
const dump = valueOf("--dump");
const named = valueOf("--features");
const plus = valueOf("--plus");
const semanticDir = valueOf("--semantic");
const rowsFile = valueOf("--rows");
const records = !argv.includes("--no-records");
/** `--max-hits-lost F` or `F1,F2` (per-document, library): see {@link modeThreshold}. */
const maxHitsLost = valueOf("--max-hits-lost")?.split(",").map(Number);
/** `--hits-only`: answerable rows whose answer misses (no hit@5) do not weigh in the fit: the model learns to keep the answers retrieval finds. */
const hitsOnly = argv.includes("--hits-only");
const thresholdOnly = argv.includes("--threshold-only");
const L2 = Number(valueOf("--l2") ?? DEFAULT_L2);
/** `--target F`: the answerable refusal rate at which the threshold is set on the fitted rows (default {@link MAX_ANSWERABLE_REFUSAL}). */
const target = Number(valueOf("--target") ?? MAX_ANSWERABLE_REFUSAL);
/** `--unans-target U`: the threshold refuses at least U of the fitted unanswerable rows in each mode (see the module doc). */
const unansTarget = valueOf("--unans-target") === undefined ? undefined : Number(valueOf("--unans-target"));
/** `--absent-cap C`: DEFAULT_REFUSAL_MODEL with its absent-word contribution capped at C (RefusalModel `absentCap`) in `--lofo`'s first two runs. */
const absentCap = valueOf("--absent-cap") === undefined ? DEFAULT_REFUSAL_MODEL.absentCap : Number(valueOf("--absent-cap"));
const currentModel = { ...DEFAULT_REFUSAL_MODEL, absentCap };
const args = argv.filter((a, i) => !a.startsWith("--") && !["--dump", "--features", "--plus", "--semantic", "--rows", "--max-hits-lost", "--l2", "--target", "--absent-cap", "--unans-target"].includes(argv[i - 1] ?? ""));
const dumped = rowsFile ? (JSON.parse(readFileSync(rowsFile, "utf8")) as { features: Feature[]; rows: Row[] }) : undefined;
const TABLE: readonly Feature[] = dumped?.features ?? [...REFUSAL_FEATURES, ...(semanticDir ? SEMANTIC_FEATURES : [])];
const DEV = join(import.meta.dir, "dev");
/** Dev files never read by default: held-out member-wording sets (members9*.json and every later one), and the absent-term lists beside case files. */
const HELD_OUT_RE = /^members(?:9|\d\d)/;
const files = args.length > 0 ? args : readdirSync(DEV).filter((f) => f.endsWith(".json") && !f.endsWith(".absent.json") && !HELD_OUT_RE.test(f)).map((f) => join(DEV, f));
const cases = dumped ? [] : loadCases(files);
/** The dev file (base name) of each case id, for leave-one-file-out cross-validation. */
const fileOf = new Map(files.flatMap((f) => loadCases([f]).map((c) => [c.id, basename(f)] as const)));
const rows: Row[] = dumped ? dumped.rows.map(({ all, y, id, fold, kind, hit, pass, found, file }) => ({ all, y, id, fold, kind, hit, pass, found, file })) : [];
const foldOf = new Map(cases.map((c, i) => [c.id, i % FOLDS]));
const semanticInputs: SemanticInput[] = [];
for (const mode of dumped ? [] : (["per-document", "library"] as const)) {
  for (const o of await runCases(cases, { mode, retrieval: "fusion", noRefusal: true, records })) {
    if (!o.features) continue;
    rows.push({ all: { ...o.features }, y: o.c.kind === "unanswerable" ? 0 : 1, id: `${mode}:${o.c.id}`, fold: foldOf.get(o.c.id) ?? 0, file: fileOf.get(o.c.id), kind: o.c.kind, hit: o.hit === true, pass: o.pass, found: o.found });
    semanticInputs.push({ question: o.c.question, top: o.top, answer: o.answer });
  }
}
if (semanticDir && !dumped) (await semanticFeatures(semanticDir, semanticInputs, (s) => console.log(s))).forEach((f, i) => Object.assign((rows[i] as Row).all, f));
if (dump) writeFileSync(dump, JSON.stringify({ features: TABLE, rows: rows.map((r) => ({ ...r, x: TABLE.map((k) => r.all[k]) })) }));

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
const xOf = (r: Row, fs: readonly Feature[]) => fs.map((k) => r.all[k] as number);
const predictWith = (w: readonly number[], x: readonly number[]) => sigma((w[0] as number) + x.reduce((s, v, i) => s + v * (w[i + 1] as number), 0));
/** Logistic regression (./logistic.ts: Newton's method to convergence), classes balanced, L2. */
function fit(train: readonly Row[], fs: readonly Feature[]): number[] {
  // `--threshold-only`: DEFAULT_REFUSAL_MODEL's coefficients as they are; only the threshold is chosen.
  if (thresholdOnly) return [DEFAULT_REFUSAL_MODEL.intercept, ...fs.map((k) => DEFAULT_REFUSAL_MODEL.coefficients[k as keyof typeof DEFAULT_REFUSAL_MODEL.coefficients] ?? 0)];
  const pos = train.filter((r) => r.y === 1 && !(hitsOnly && r.hit === false)).length;
  const neg = train.length - pos;
  const weightOf = (r: Row) => (r.y === 1 ? (hitsOnly && r.hit === false ? 0 : 1) : pos / Math.max(1, neg));
  return fitLogistic(train.map((r) => xOf(r, fs)), train.map((r) => r.y), train.map(weightOf), L2);
}
const MODES = ["per-document", "library"] as const;
// Largest threshold with ≤ 5% of answerable cases below it, in each mode (per-document and library).
const thresholdOf = (ps: readonly number[]): number => {
  const sorted = [...ps].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * target);
  return cut > 0 ? ((sorted[cut - 1] as number) + (sorted[cut] as number)) / 2 : (sorted[0] as number) - 1e-6;
};
/**
 * The threshold in one mode: the largest p with ≤ {@link MAX_ANSWERABLE_REFUSAL} of the answerable
 * rows below it and, with `--max-hits-lost F`, ≤ F of them (as a share of the answerable rows)
 * answerable rows whose answer, not refused, is a hit@5: refusing a case retrieval misses costs
 * the harness nothing, refusing a hit costs its hit and its facts.
 */
const modeThreshold = (ans: readonly { p: number; hit?: boolean }[], mode: number): number => {
  const budget = maxHitsLost?.[Math.min(mode, maxHitsLost.length - 1)];
  if (budget === undefined) return thresholdOf(ans.map((r) => r.p));
  const sorted = [...ans].sort((a, b) => a.p - b.p);
  let cut = 0;
  let hits = 0;
  while (cut < sorted.length) {
    const nextHits = hits + (sorted[cut]?.hit === true ? 1 : 0);
    if (cut + 1 > sorted.length * target || nextHits > sorted.length * budget) break;
    hits = nextHits;
    cut++;
  }
  return cut > 0 ? ((sorted[cut - 1]?.p as number) + (sorted[cut]?.p as number)) / 2 : (sorted[0]?.p as number) - 1e-6;
};
/** The smallest p below which at least `share` of the unanswerable rows fall (`--unans-target`). */
const unansThreshold = (un: readonly { p: number }[], share: number): number => {
  const sorted = un.map((r) => r.p).sort((a, b) => a - b);
  return (sorted[Math.max(0, Math.ceil(sorted.length * share) - 1)] ?? 0) + 1e-9;
};
const thresholdFor = (rs: readonly { y: number; id: string; p: number; hit?: boolean }[]): number =>
  unansTarget !== undefined
    ? Math.max(...MODES.map((m) => unansThreshold(rs.filter((r) => r.y === 0 && r.id.startsWith(`${m}:`)), unansTarget)))
    : Math.min(...MODES.map((m, i) => modeThreshold(rs.filter((r) => r.y === 1 && r.id.startsWith(`${m}:`)), i)));
/** Held-out figures of fit + threshold over `fs`: per mode, answerable refused and unanswerable refused. */
function crossValidate(fs: readonly Feature[]) {
  const held: Held[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = rows.filter((r) => r.fold !== k);
    const wk = fit(train, fs);
    const tk = thresholdFor(train.map((r) => ({ ...r, p: predictWith(wk, xOf(r, fs)) })));
    for (const r of rows.filter((r) => r.fold === k)) {
      const p = predictWith(wk, xOf(r, fs));
      held.push({ ...r, refused: p < tk, p });
    }
  }
  const rate = (xs: readonly { refused: boolean }[]) => xs.filter((r) => r.refused).length / Math.max(1, xs.length);
  const byMode = MODES.map((m) => {
    const hm = held.filter((r) => r.id.startsWith(`${m}:`));
    // Matched: the threshold set on the held-out answerable p of this mode (≤ 5% refused), so feature sets compare at equal answerable refusals.
    const tm = thresholdOf(hm.filter((r) => r.y === 1).map((r) => r.p));
    const matched = { answerableRefused: rate(hm.filter((r) => r.y === 1).map((r) => ({ refused: r.p < tm }))), unanswerable: rate(hm.filter((r) => r.y === 0).map((r) => ({ refused: r.p < tm }))) };
    return { mode: m, answerableRefused: rate(hm.filter((r) => r.y === 1)), unanswerable: rate(hm.filter((r) => r.y === 0)), matched };
  });
  const unanswerable = rate(held.filter((r) => r.y === 0));
  const score = byMode.every((m) => m.answerableRefused <= MAX_ANSWERABLE_REFUSAL) ? unanswerable : -Infinity;
  return { byMode, unanswerable, score, held };
}
type Held = Row & { refused: boolean; p: number };
/**
 * Harness figures (bench/answers.ts) a refusal decision gives, per mode, from each row's outcome
 * answered without refusal: a refused answerable case loses its hit and facts and counts refused;
 * a refused unanswerable case passes. Needs rows with outcomes (a run or a dump made since).
 */
function harnessFigures(held: readonly Held[]): string[] {
  const r1 = (x: number) => (x * 100).toFixed(1);
  return MODES.map((m) => {
    const hm = held.filter((r) => r.id.startsWith(`${m}:`));
    const ans = hm.filter((r) => r.y === 1);
    const un = hm.filter((r) => r.y === 0);
    const rate = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length / Math.max(1, xs.length);
    const kinds = [...new Set(ans.map((r) => r.kind ?? "?"))].sort().map((k) => {
      const ks = ans.filter((r) => r.kind === k);
      return `${k} ${r1(rate(ks, (r) => !r.refused && r.hit === true))}/${r1(rate(ks, (r) => !r.refused && r.pass === true))}`;
    });
    return `${m}: hit@5 ${r1(rate(ans, (r) => !r.refused && r.hit === true))} facts ${r1(rate(ans, (r) => !r.refused && r.pass === true))} unans ${r1(rate(un, (r) => r.refused || r.pass === true))} ans-refused ${r1(rate(ans, (r) => r.refused || r.found === false))}; ${kinds.join("; ")}`;
  });
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

let features: Feature[] = named ? named.split(",") : REFUSAL_FEATURES.filter((k) => (DEFAULT_REFUSAL_MODEL.coefficients[k] ?? 0) !== 0);
if (plus) features.push(...plus.split(","));
for (const k of features) if (!TABLE.includes(k)) throw new Error(`unknown feature ${k}; known: ${TABLE.join(", ")}`);
if (argv.includes("--select")) {
  features = [];
  let best = -Infinity;
  for (;;) {
    const tried = TABLE.filter((k) => !features.includes(k)).map((k) => ({ k, cv: crossValidate([...features, k]) }));
    tried.sort((a, b) => b.cv.score - a.cv.score);
    const top = tried[0];
    if (!top || !Number.isFinite(top.cv.score) || top.cv.score < best + MIN_SELECTION_GAIN) break;
    best = top.cv.score;
    features.push(top.k);
    console.log(`select +${top.k}: held-out unanswerable ${pct(top.cv.unanswerable)}, answerable refused ${top.cv.byMode.map((m) => pct(m.answerableRefused)).join(" / ")}`);
  }
}

if (features.length === 0) throw new Error("no feature set keeps held-out answerable refusals within the limit");
const pos = rows.filter((r) => r.y === 1).length;
const neg = rows.length - pos;
const w = fit(rows, features);
const scored = rows.map((r) => ({ ...r, p: predictWith(w, xOf(r, features)) }));
const answerable = scored.filter((r) => r.y === 1).map((r) => r.p);
const unanswerable = scored.filter((r) => r.y === 0);
const threshold = thresholdFor(scored);
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
console.log(`cases ${rows.length / 2} × 2 modes: ${pos} answerable, ${neg} unanswerable rows; features ${features.join(", ")}`);
console.log(`operating point: threshold ${r4(threshold)}, answerable refused ${pct(answerable.filter((p) => p < threshold).length / answerable.length)}, unanswerable accuracy ${pct(unanswerable.filter((r) => r.p < threshold).length / unanswerable.length)}`);
for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) {
  const a = answerable.filter((p) => p < t).length / answerable.length;
  const u = unanswerable.filter((r) => r.p < t).length / unanswerable.length;
  console.log(`  at p < ${t}: answerable refused ${pct(a)}, unanswerable ${pct(u)}`);
}
console.log("unanswerable cases answered at the operating point:", unanswerable.filter((r) => r.p >= threshold && r.id.startsWith("per-document:")).map((r) => `${r.id.slice("per-document:".length)} (${r4(r.p)})`).join(", ") || "none");
if (!argv.includes("--no-cv")) {
  const cv = crossValidate(features);
  for (const m of cv.byMode) console.log(`${FOLDS}-fold held-out ${m.mode}: answerable refused ${pct(m.answerableRefused)}, unanswerable ${pct(m.unanswerable)}; matched (threshold on held-out p): ${pct(m.matched.answerableRefused)} / ${pct(m.matched.unanswerable)}`);
  if (rows.every((r) => r.hit !== undefined)) {
    const current = rows.map((r) => ({ ...r, p: refusalProbability(r.all as unknown as RefusalFeatures), refused: refusalProbability(r.all as unknown as RefusalFeatures) < DEFAULT_REFUSAL_MODEL.threshold }));
    for (const line of harnessFigures(current)) console.log(`harness estimate, DEFAULT_REFUSAL_MODEL: ${line}`);
    for (const line of harnessFigures(cv.held)) console.log(`harness estimate, ${FOLDS}-fold held out: ${line}`);
  }
}
if (argv.includes("--lofo")) {
  const current = (r: Row) => refusalProbability(r.all as unknown as RefusalFeatures, currentModel);
  const trained = (p: (r: Row) => number) => (others: readonly Row[]) => ({ p, threshold: thresholdFor(others.map((r) => ({ ...r, p: p(r) }))) });
  const runs = [
    { label: `DEFAULT_REFUSAL_MODEL as is (threshold ${DEFAULT_REFUSAL_MODEL.threshold}, absent cap ${absentCap}; fitted on dev, not held out)`, held: leaveOneFileOut(rows, () => ({ p: current, threshold: DEFAULT_REFUSAL_MODEL.threshold })) },
    { label: `DEFAULT_REFUSAL_MODEL coefficients, absent cap ${absentCap}, threshold set on the other files (${unansTarget === undefined ? `target ${target}` : `unanswerable target ${unansTarget}`})`, held: leaveOneFileOut(rows, (others) => trained(current)(others)) },
    {
      label: `refit ${features.join(", ")} (L2 ${L2}, ${unansTarget === undefined ? `target ${target}` : `unanswerable target ${unansTarget}`}${thresholdOnly ? ", threshold only" : ""})`,
      held: leaveOneFileOut(rows, (others) => {
        const wf = fit(others, features);
        return trained((r) => predictWith(wf, xOf(r, features)))(others);
      }),
    },
  ];
  for (const run of runs) {
    for (const line of lofoTable(run.label, run.held)) console.log(line);
    if (rows.every((r) => r.hit !== undefined)) for (const line of harnessFigures(run.held)) console.log(`  harness estimate: ${line}`);
  }
}
if (argv.includes("--curve")) {
  const current = (r: Row) => refusalProbability(r.all as unknown as RefusalFeatures, currentModel);
  for (const line of curveLines(`DEFAULT_REFUSAL_MODEL coefficients, absent cap ${absentCap}`, lofoCurve(leaveOneFileOut(rows, () => ({ p: current, threshold: 0 }))))) console.log(line);
  const refit = leaveOneFileOut(rows, (others) => {
    const wf = fit(others, features);
    return { p: (r: Row) => predictWith(wf, xOf(r, features)), threshold: 0 };
  });
  for (const line of curveLines(`refit ${features.join(", ")} (L2 ${L2}${thresholdOnly ? ", threshold only" : ""})`, lofoCurve(refit))) console.log(line);
  // The operating point for fresh wording: the threshold set on the fresh files' held-out answerable p.
  const fresh = leaveOneFileOut(rows, () => ({ p: current, threshold: 0 }));
  for (const line of curveLines(`DEFAULT_REFUSAL_MODEL coefficients, threshold on the FRESH files' answerable p`, lofoCurve(fresh, undefined, undefined, "focus"))) console.log(line);
  for (const line of curveLines(`refit, threshold on the FRESH files' answerable p`, lofoCurve(refit, undefined, undefined, "focus"))) console.log(line);
  for (const p of lofoCurve(refit, [0.03], undefined, "focus")) console.log(`  refit at ≤ 3% fresh answerable refused, ${p.mode}: threshold ${p.threshold.toFixed(4)} (on held-out p)`);
}
for (const m of MODES) {
  const sm = scored.filter((r) => r.id.startsWith(`${m}:`));
  const a = sm.filter((r) => r.y === 1);
  const u = sm.filter((r) => r.y === 0);
  console.log(`in-sample ${m}: answerable refused ${pct(a.filter((r) => r.p < threshold).length / a.length)}, unanswerable ${pct(u.filter((r) => r.p < threshold).length / u.length)}`);
}
console.log(`\nexport const DEFAULT_REFUSAL_MODEL: RefusalModel = {
  intercept: ${r4(w[0] as number)},
  coefficients: { ${features.map((k, i) => `${k}: ${r4(w[i + 1] as number)}`).join(", ")} },
  threshold: ${r4(threshold)},
};`);
