/**
 * Leave-one-file-out cross-validation for eval/fit-refusal.ts: the cases of one dev file share a
 * writer and a style, so k-fold folds cut across files overstate how a model holds on a freshly
 * written set. Each dev file in turn is held out; the model (or only the threshold) is fitted on
 * the other files and scores the held-out one.
 */

/** A row as eval/fit-refusal.ts keeps it: label (answerable 1), id `mode:case`, its dev file. */
export interface LofoRow {
  readonly y: number;
  readonly id: string;
  readonly file?: string;
  readonly all: Readonly<Record<string, number>>;
}

/** One held-out row: refused under the model and threshold fitted without its file. */
export type LofoHeld<R extends LofoRow> = R & { refused: boolean; p: number };

/** Member-worded dev files: the sets a fresh member-wording set resembles most. */
export const MEMBER_FILES: readonly string[] = ["members.json", "asks-lay.json", "members2.json"];

/**
 * Fresh member-wording files: written blind (no tuning had seen them when they were written), so a
 * held-out fold of one is the best picture of how a new member asks (members4/5/6, released for
 * tuning in round 2, 2026-12-07; members7 in the tenth round, members8 in the eleventh; members3 is fresh
 * too but reported on its own line; members9 and later are never read).
 */
export const FRESH_FILES: readonly string[] = ["members4.json", "members5.json", "members6.json", "members7.json", "members8.json"];

/**
 * Held-out decisions of every row, each scored by `train(others)`: a function of the other files'
 * rows that returns p(answerable) of a row and the threshold. Rows without a file form one group.
 */
export function leaveOneFileOut<R extends LofoRow>(
  rows: readonly R[],
  train: (others: readonly R[]) => { p: (r: R) => number; threshold: number },
): LofoHeld<R>[] {
  const files = [...new Set(rows.map((r) => r.file ?? "?"))].sort();
  return files.flatMap((f) => {
    const model = train(rows.filter((r) => (r.file ?? "?") !== f));
    return rows.filter((r) => (r.file ?? "?") === f).map((r) => {
      const p = model.p(r);
      return { ...r, p, refused: p < model.threshold };
    });
  });
}

const pct = (xs: readonly { refused: boolean }[]): string => (xs.length === 0 ? "    -" : `${((100 * xs.filter((r) => r.refused).length) / xs.length).toFixed(1).padStart(5)}`);

/**
 * The table: per held-out file, member-worded files pooled and all pooled, answerable refused and
 * unanswerable refused (%) per document / library, with the answerable and unanswerable case counts;
 * last, the rows of all files with an absent rare word (`absentRarity` > 0), pooled.
 */
export function lofoTable(label: string, held: readonly LofoHeld<LofoRow>[]): string[] {
  const line = (name: string, rs: readonly LofoHeld<LofoRow>[]) => {
    const of = (mode: string, y: number) => rs.filter((r) => r.y === y && r.id.startsWith(`${mode}:`));
    const n = (y: number) => of("per-document", y).length;
    return `  ${name.padEnd(22)} answerable ${String(n(1)).padStart(3)}: ${pct(of("per-document", 1))} / ${pct(of("library", 1))}   unanswerable ${String(n(0)).padStart(3)}: ${pct(of("per-document", 0))} / ${pct(of("library", 0))}`;
  };
  const files = [...new Set(held.map((r) => r.file ?? "?"))].sort();
  return [
    `leave-one-file-out, ${label} (refused %, per document / library):`,
    ...files.map((f) => line(f, held.filter((r) => (r.file ?? "?") === f))),
    line("member-worded pooled", held.filter((r) => MEMBER_FILES.includes(r.file ?? "?"))),
    line("all pooled", held),
    // The answerable questions a fresh member-wording set refuses most: a rare word the documents never use.
    line("absentRarity > 0, all", held.filter((r) => (r.all.absentRarity ?? 0) > 0)),
  ];
}

/** Answerable-refusal rates at which {@link lofoCurve} reads the trade-off (shares of a mode's answerable rows). */
export const DEFAULT_CURVE_TARGETS: readonly number[] = [0.01, 0.02, 0.03, 0.05, 0.1];

/** One point of the held-out operating curve in one mode. */
export interface CurvePoint {
  readonly mode: string;
  /** The answerable-refusal share asked for. */
  readonly target: number;
  /** The threshold on held-out p that refuses at most `target` of the mode's answerable rows. */
  readonly threshold: number;
  /** Answerable rows refused at that threshold (share). */
  readonly answerableRefused: number;
  /** Unanswerable rows refused at that threshold (share): unanswerable accuracy. */
  readonly unanswerable: number;
  /** Answerable rows of the focus files refused at that threshold (share; NaN when they have none). */
  readonly focusRefused: number;
}

/**
 * The held-out operating curve: for each mode and target, the threshold set on the pooled held-out
 * p of that mode's answerable rows so that at most `target` of them are refused (the midpoint below
 * the first kept row), and the share of unanswerable rows refused there. Each row's p comes from a
 * model fitted without its file ({@link leaveOneFileOut}), so the curve is the trade-off a fit
 * offers on unseen files; the threshold itself is chosen on the pooled held-out rows ("matched"),
 * which compares two feature sets at equal answerable refusal.
 * @param held rows with their held-out p
 * @param targets answerable-refusal shares (default {@link DEFAULT_CURVE_TARGETS})
 * @param focusFiles files whose answerable refusals are also reported (default {@link FRESH_FILES})
 * @param on "all": the threshold is set on every answerable row of the mode; "focus": on the focus
 *   files' answerable rows only (the operating point for fresh wording: at most `target` of them refused)
 */
export function lofoCurve(
  held: readonly LofoHeld<LofoRow>[],
  targets: readonly number[] = DEFAULT_CURVE_TARGETS,
  focusFiles: readonly string[] = FRESH_FILES,
  on: "all" | "focus" = "all",
): CurvePoint[] {
  const modes = [...new Set(held.map((r) => r.id.slice(0, r.id.indexOf(":"))))].sort().reverse();
  const share = (ps: readonly number[], t: number) => (ps.length === 0 ? Number.NaN : ps.filter((p) => p < t).length / ps.length);
  return modes.flatMap((mode) => {
    const rs = held.filter((r) => r.id.startsWith(`${mode}:`));
    const ans = rs.filter((r) => r.y === 1).map((r) => r.p).sort((a, b) => a - b);
    const un = rs.filter((r) => r.y === 0).map((r) => r.p);
    const focus = rs.filter((r) => r.y === 1 && focusFiles.includes(r.file ?? "?")).map((r) => r.p).sort((a, b) => a - b);
    const base = on === "focus" ? focus : ans;
    return targets.map((target) => {
      const cut = Math.floor(base.length * target);
      const threshold = base.length === 0 ? 0 : cut > 0 ? ((base[cut - 1] as number) + (base[cut] as number)) / 2 : (base[0] as number) - 1e-9;
      return { mode, target, threshold, answerableRefused: share(ans, threshold), unanswerable: share(un, threshold), focusRefused: share(focus, threshold) };
    });
  });
}

/** {@link lofoCurve} as lines: per mode, unanswerable refused % at each answerable-refusal target (the focus files' answerable refused % in brackets; all answerable refused % after a slash). */
export function curveLines(label: string, points: readonly CurvePoint[]): string[] {
  const f = (x: number) => (Number.isNaN(x) ? "-" : (100 * x).toFixed(1));
  const modes = [...new Set(points.map((p) => p.mode))];
  return [
    `held-out operating curve, ${label} (threshold on pooled held-out p; unanswerable refused % at answerable refused ≤ target, [fresh answerable refused % / all answerable refused %]):`,
    ...modes.map((m) => `  ${m.padEnd(13)} ${points.filter((p) => p.mode === m).map((p) => `${f(p.target)}%: ${f(p.unanswerable)} [${f(p.focusRefused)}/${f(p.answerableRefused)}]`).join(" | ")}`),
  ];
}
