/**
 * Small descriptive statistics shared by the benches, the eval command and the tests (latency
 * percentiles). Imports nothing, so any layer may use it.
 */

/**
 * The p-th percentile (0–100) of `values` by nearest rank (the smallest value with at least p % of
 * the values at or below it; Hyndman & Fan definition 1); 0 for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
