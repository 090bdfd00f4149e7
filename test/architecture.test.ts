/**
 * The shape of the code: no import cycles among the repository's TypeScript files, and no import
 * against the layers (`cli → app → http, actors → rag, db → runtime`; runtime imports nothing of
 * ours; rag knows no http, actors or db; http does not import app; cli and bench import http only
 * from the `serve` command). The helpers are tested on synthetic graphs, so the checks can fail.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { buildImportGraph, findCycles, findLayerViolations, importSpecifiers } from "./support/import-graph.ts";

const ROOT = join(import.meta.dir, "..");

describe("architecture of the repository", () => {
  const graph = buildImportGraph(ROOT);

  test("the graph covers every layer", () => {
    for (const layer of ["runtime", "db", "rag", "actors", "http", "app", "cli", "bench", "test"]) {
      expect([...graph.keys()].some((file) => file.startsWith(`${layer}/`))).toBe(true);
    }
    expect(graph.get("app/navigator.ts")).toContain("http/app.ts");
  });

  test("no file imports, directly or through others, a file that imports it", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  test("no production file imports against the layers", () => {
    expect(findLayerViolations(graph)).toEqual([]);
  });
});

describe("the checks catch what they are for", () => {
  test("import specifiers: static, re-export, side-effect and dynamic imports; comments ignored", () => {
    const source = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'import "./side.ts";',
      'const d = await import("./d.ts");',
      '// import { e } from "./commented.ts";',
      '/* import { f } from "./block.ts"; */',
      'import {\n  g,\n  h,\n} from "./multi.ts";',
    ].join("\n");
    expect(importSpecifiers(source).sort()).toEqual(["../b.ts", "./a.ts", "./c.ts", "./d.ts", "./multi.ts", "./side.ts"]);
  });

  test("a cycle through three files is found, an acyclic graph has none", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
      ["d.ts", ["a.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(findCycles(new Map([["a.ts", ["b.ts"]], ["b.ts", []]]))).toEqual([]);
    expect(findCycles(new Map([["self.ts", ["self.ts"]]]))).toEqual([["self.ts"]]);
  });

  test("imports against the layers are reported; allowed ones and tests are not", () => {
    const graph = new Map([
      ["runtime/x.ts", ["db/y.ts"]], // runtime imports nothing of ours
      ["rag/r.ts", ["db/y.ts", "runtime/x.ts"]], // rag knows no db
      ["http/h.ts", ["app/config.ts", "actors/a.ts"]], // http does not import app
      ["cli/commands/migrate.ts", ["http/app.ts", "app/storage.ts"]], // only serve may start HTTP
      ["cli/commands/serve.ts", ["http/app.ts"]],
      ["bench/b.ts", ["http/app.ts"]],
      ["db/d.ts", ["runtime/x.ts"]],
      ["db/d.test.ts", ["http/app.ts"]],
    ]);
    expect(findLayerViolations(graph)).toEqual([
      "bench/b.ts → http/app.ts",
      "cli/commands/migrate.ts → http/app.ts",
      "http/h.ts → app/config.ts",
      "rag/r.ts → db/y.ts",
      "runtime/x.ts → db/y.ts",
    ]);
  });
});
