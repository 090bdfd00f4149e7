/**
 * Weighted, L2-penalised logistic regression for eval/fit-refusal.ts, fitted by Newton's method
 * (iteratively reweighted least squares) to convergence. It minimises the objective the earlier
 * batch gradient descent (20,000 steps at rate 0.5) stepped towards:
 *
 *   Σ kᵢ·logloss(σ(w₀ + w·xᵢ), yᵢ) / Σ kᵢ + (l2 / 2)·|w|²   (the intercept w₀ not penalised)
 *
 * Measured (tenth round, 934 dev cases × 2 modes, 13 features): the same leave-one-file-out curve
 * as gradient descent at L2 0.01, in about a second instead of many minutes on a shared machine,
 * so L2 and feature candidates can be compared on the curve.
 */

/** Newton iterations at most (the fit stops earlier when the step is below {@link DEFAULT_TOLERANCE}). */
export const DEFAULT_MAX_ITERATIONS = 100;
/** Largest coefficient change (absolute) at which the fit has converged. */
export const DEFAULT_TOLERANCE = 1e-9;
/** Ridge added to the Hessian's diagonal so an unpenalised fit of separable data still solves. */
const HESSIAN_RIDGE = 1e-9;

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** Solves A·x = b (A symmetric positive definite, n × n; Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const rc = m[c] as number[];
    for (let r = c + 1; r < n; r++) {
      const rr = m[r] as number[];
      const f = (rr[c] as number) / (rc[c] as number);
      for (let k = c; k <= n; k++) rr[k] = (rr[k] as number) - f * (rc[k] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const rr = m[r] as number[];
    let s = rr[n] as number;
    for (let k = r + 1; k < n; k++) s -= (rr[k] as number) * (x[k] as number);
    x[r] = s / (rr[r] as number);
  }
  return x;
}

/**
 * Fits the model.
 * @param xs one feature vector per row
 * @param ys labels (1 or 0)
 * @param weights one weight per row (kᵢ ≥ 0)
 * @param l2 the L2 penalty on the coefficients (not the intercept)
 * @returns [intercept, coefficient per feature]
 */
export function fitLogistic(xs: readonly (readonly number[])[], ys: readonly number[], weights: readonly number[], l2: number, maxIterations = DEFAULT_MAX_ITERATIONS): number[] {
  const d = (xs[0]?.length ?? 0) + 1;
  const total = weights.reduce((s, k) => s + k, 0) || 1;
  const w = new Array<number>(d).fill(0);
  const row = (x: readonly number[]) => [1, ...x];
  const rows = xs.map(row);
  for (let it = 0; it < maxIterations; it++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    rows.forEach((x, j) => {
      const k = weights[j] as number;
      if (k === 0) return;
      const p = sigma(x.reduce((s, v, i) => s + v * (w[i] as number), 0));
      const e = ((p - (ys[j] as number)) * k) / total;
      const c = (p * (1 - p) * k) / total;
      for (let a = 0; a < d; a++) {
        g[a] = (g[a] as number) + e * (x[a] as number);
        const ha = h[a] as number[];
        for (let b = a; b < d; b++) ha[b] = (ha[b] as number) + c * (x[a] as number) * (x[b] as number);
      }
    });
    for (let a = 0; a < d; a++) {
      const ha = h[a] as number[];
      for (let b = 0; b < a; b++) ha[b] = (h[b] as number[])[a] as number;
      ha[a] = (ha[a] as number) + HESSIAN_RIDGE + (a > 0 ? l2 : 0);
      if (a > 0) g[a] = (g[a] as number) + l2 * (w[a] as number);
    }
    const step = solve(h, g);
    let largest = 0;
    for (let a = 0; a < d; a++) {
      w[a] = (w[a] as number) - (step[a] as number);
      largest = Math.max(largest, Math.abs(step[a] as number));
    }
    if (largest < DEFAULT_TOLERANCE) break;
  }
  return w;
}
