import { expect, test } from "bun:test";
import { curveLines, leaveOneFileOut, lofoCurve, lofoTable } from "./lofo.ts";

const row = (file: string, y: number, v: number, mode = "per-document") => ({ file, y, id: `${mode}:${file}-${v}`, all: { v, absentRarity: v > 5 ? 1 : 0 } });

test("each file is scored by a model trained without it", () => {
  const rows = [row("a.json", 1, 1), row("a.json", 0, 2), row("b.json", 1, 3), row("c.json", 1, 9)];
  const seen: string[][] = [];
  const held = leaveOneFileOut(rows, (others) => {
    seen.push([...new Set(others.map((r) => r.file))].sort());
    // The threshold is the largest value among the training rows: a held-out row above it is kept.
    return { p: (r) => r.all.v, threshold: Math.max(...others.map((r) => r.all.v)) };
  });
  expect(seen).toEqual([["b.json", "c.json"], ["a.json", "c.json"], ["a.json", "b.json"]]);
  expect(held.map((r) => [r.id, r.refused])).toEqual([
    ["per-document:a.json-1", true],
    ["per-document:a.json-2", true],
    ["per-document:b.json-3", true],
    ["per-document:c.json-9", false],
  ]);
});

test("the table gives per-file and pooled refusal rates", () => {
  const held = [
    { ...row("members.json", 1, 1), refused: true, p: 0.1 },
    { ...row("members.json", 1, 2), refused: false, p: 0.9 },
    { ...row("eoc.json", 0, 7), refused: true, p: 0.1 },
  ];
  const lines = lofoTable("test", held);
  expect(lines.find((l) => l.includes("members.json"))).toContain("answerable   2:  50.0");
  expect(lines.find((l) => l.includes("all pooled"))).toContain("unanswerable   1: 100.0");
  expect(lines.find((l) => l.includes("absentRarity > 0"))).toContain("answerable   0:");
});

test("the curve sets each threshold on the held-out answerable p and reads unanswerable refusals there", () => {
  // 10 answerable rows with p 0.1 … 1.0 and 4 unanswerable ones; a 10% target refuses exactly the lowest answerable row.
  const ans = Array.from({ length: 10 }, (_, i) => ({ ...row(i === 0 ? "members4.json" : "eoc.json", 1, i), p: (i + 1) / 10, refused: false }));
  const un = [0.05, 0.12, 0.5, 0.9].map((p, i) => ({ ...row("unanswerable.json", 0, 20 + i), p, refused: false }));
  const [none, tenth] = lofoCurve([...ans, ...un], [0, 0.1]);
  expect(none?.answerableRefused).toBe(0);
  // With no answerable row refused, only the unanswerable row below every answerable one is.
  expect(none?.unanswerable).toBe(0.25);
  expect(tenth?.threshold).toBeCloseTo(0.15);
  expect(tenth?.answerableRefused).toBeCloseTo(0.1);
  expect(tenth?.unanswerable).toBe(0.5);
  expect(tenth?.focusRefused).toBe(1);
  expect(curveLines("t", [none, tenth].filter((p) => p !== undefined))[1]).toContain("10.0%: 50.0 [100.0/10.0]");
});

test("the fresh operating point sets the threshold on the focus files' answerable p only", () => {
  // Fresh rows p 0.3 and 0.6; other answerable rows p 0.1 and 0.2; a 0% fresh target keeps both fresh rows and refuses the rows below 0.3.
  const ans = [0.3, 0.6].map((p, i) => ({ ...row("members5.json", 1, i), p, refused: false }));
  const other = [0.1, 0.2].map((p, i) => ({ ...row("eoc.json", 1, 10 + i), p, refused: false }));
  const un = [0.05, 0.25, 0.9].map((p, i) => ({ ...row("unanswerable.json", 0, 20 + i), p, refused: false }));
  const [point] = lofoCurve([...ans, ...other, ...un], [0], undefined, "focus");
  expect(point?.focusRefused).toBe(0);
  expect(point?.answerableRefused).toBe(0.5);
  expect(point?.unanswerable).toBeCloseTo(2 / 3);
});
