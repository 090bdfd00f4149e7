/**
 * The import graph of the repository's own TypeScript files, and the two checks
 * test/architecture.test.ts runs on it: no import cycles, and no import against the layers
 * (`cli → app → http, actors → rag, db → runtime`, see README "Where things live").
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Repository-relative path of a file → repository-relative paths of the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** Folders never scanned. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "data", "drizzle"]);

/** Static `import … from`, `export … from`, side-effect `import "x"` and dynamic `import("x")` specifiers. */
const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers `source` imports (comments are stripped first so commented-out imports do not count). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const specifiers: string[] = [];
  for (const match of code.matchAll(IMPORT_PATTERN)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

/** Lists every `.ts` file under `root` (repository-relative, `/`-separated), skipping {@link SKIPPED_FOLDERS}. */
export function listTsFiles(root: string, folder = ""): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    if (SKIPPED_FOLDERS.has(name) || name.startsWith(".")) continue;
    const path = folder ? `${folder}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) files.push(...listTsFiles(root, path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

/** Builds the graph of the relative imports of every `.ts` file under `root` (package imports are left out). */
export function buildImportGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of listTsFiles(root)) {
    const targets = importSpecifiers(readFileSync(join(root, file), "utf8"))
      .filter((s) => s.startsWith("."))
      .map((s) => relative(root, resolve(root, dirname(file), s)).split("\\").join("/"));
    graph.set(file, targets);
  }
  return graph;
}

/** Every import cycle of `graph` (each as the files of one strongly connected component with more than one file, or a self-import). */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's strongly connected components, iterative-free recursion is fine at this repository's size.
  let index = 0;
  const indexes = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indexes.set(node, index);
    lowlinks.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!indexes.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) lowlinks.set(node, Math.min(lowlinks.get(node)!, indexes.get(next)!));
    }
    if (lowlinks.get(node) === indexes.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexes.has(node)) visit(node);
  return cycles;
}

/**
 * The layers: the top-level folders each folder's production files may import (besides itself).
 * `cli → app → http, actors → rag, db → runtime`; `rag` knows no http, actors or db; `runtime`
 * imports nothing of ours; `http` does not import `app`.
 */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  runtime: [],
  db: ["runtime"],
  rag: ["runtime"],
  actors: ["rag", "db", "runtime"],
  http: ["actors", "rag", "db", "runtime"],
  // package.json: app/version.ts reads the version from it (compiled into the binary).
  app: ["http", "actors", "rag", "db", "runtime", "package.json"],
  cli: ["app", "actors", "rag", "db", "runtime"],
  bench: ["app", "cli", "actors", "rag", "db", "runtime", "test", "deploy"],
  // Release tooling (deploy/build.ts): imports nothing of ours.
  deploy: [],
};

/** The only files of `cli/` and `bench/` that may import `http/`: the command that starts the HTTP app. */
export const HTTP_ENTRY_POINTS: readonly string[] = ["cli/commands/serve.ts"];

/** A test file or a test fixture: exempt from the layer rules (tests may reach any layer). */
export function isTestFile(file: string): boolean {
  return file.startsWith("test/") || /\.test\.ts$/.test(file);
}

/** Every `from → to` import of a production file that breaks {@link ALLOWED_IMPORTS} or {@link HTTP_ENTRY_POINTS}. */
export function findLayerViolations(graph: ImportGraph): string[] {
  const violations: string[] = [];
  for (const [from, targets] of graph) {
    if (isTestFile(from)) continue;
    const layer = from.split("/")[0]!;
    const allowed = ALLOWED_IMPORTS[layer];
    if (!allowed) continue; // root files (drizzle.config.ts)
    for (const to of targets) {
      const target = to.split("/")[0]!;
      if (target === layer) continue;
      const ok = allowed.includes(target) || (target === "http" && HTTP_ENTRY_POINTS.includes(from));
      if (!ok) violations.push(`${from} → ${to}`);
    }
  }
  return violations.sort();
}
