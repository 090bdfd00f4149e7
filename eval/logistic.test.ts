import { describe, expect, test } from "bun:test";
import { fitLogistic } from "./logistic.ts";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
/** The objective's gradient at w (weighted mean log-loss + l2/2·|w₁…|²), to check the optimum. */
function gradient(w: number[], xs: number[][], ys: number[], ks: number[], l2: number): number[] {
  const total = ks.reduce((s, k) => s + k, 0);
  const g = w.map((_, i) => (i > 0 ? l2 * (w[i] as number) : 0));
  xs.forEach((x, j) => {
    const p = sigma((w[0] as number) + x.reduce((s, v, i) => s + v * (w[i + 1] as number), 0));
    const e = ((p - (ys[j] as number)) * (ks[j] as number)) / total;
    g[0] = (g[0] as number) + e;
    x.forEach((v, i) => (g[i + 1] = (g[i + 1] as number) + e * v));
  });
  return g;
}

describe("fitLogistic", () => {
  const xs = [[0.1, 1], [0.2, 0], [0.4, 1], [0.5, 0], [0.6, 1], [0.8, 0], [0.9, 1], [0.3, 0], [0.7, 1], [0.95, 0]];
  const ys = [0, 0, 0, 1, 0, 1, 1, 0, 1, 1];
  const ks = ys.map((y) => (y === 0 ? 1.5 : 1));

  test("reaches the penalised optimum: the gradient vanishes", () => {
    for (const l2 of [0, 0.001, 0.01, 1]) {
      const w = fitLogistic(xs, ys, ks, l2);
      for (const g of gradient(w, xs, ys, ks, l2)) expect(Math.abs(g)).toBeLessThan(1e-8);
    }
  });

  test("a larger penalty shrinks the coefficients, not the intercept's freedom", () => {
    const loose = fitLogistic(xs, ys, ks, 0.001);
    const tight = fitLogistic(xs, ys, ks, 1);
    expect(Math.abs(tight[1] as number)).toBeLessThan(Math.abs(loose[1] as number));
    expect(loose[1] as number).toBeGreaterThan(0);
  });

  test("a row of weight 0 does not count", () => {
    const w = fitLogistic([...xs, [0.99, 1]], [...ys, 0], [...ks, 0], 0.01);
    const without = fitLogistic(xs, ys, ks, 0.01);
    w.forEach((v, i) => expect(v).toBeCloseTo(without[i] as number, 9));
  });
});
