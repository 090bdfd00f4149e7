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
