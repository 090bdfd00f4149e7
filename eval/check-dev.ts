/**
 * Checks development question sets (the case format of `../shared/eval/README.md`) against the corpus PDFs,
 * so every case can be trusted before anything is tuned on it.
 *
 * Usage: `bun eval/check-dev.ts eval/dev/*.json [--corpus DIR] [--public FILE]`
 * (needs `pdftotext` and `pdfinfo` from Debian's `poppler-utils`).
 *
 * Errors (exit code 1): a file that is not JSON or holds no case array; fields other than exactly
 * id/document/question/answer/facts/evidence_pages/kind or of the wrong type; an id repeated in any of the
 * given files; an unknown kind; an unanswerable case whose document is not `"*"` or that has facts or pages;
 * an answerable case without facts or pages, naming a file missing from the corpus, citing a page outside
 * `1..pdfinfo Pages` or a page without text; a fact found on none of its evidence pages in BOTH
 * `pdftotext -layout` and raw `pdftotext` output. Text is compared as the scoring does: lower-cased,
 * whitespace runs collapsed to one space, curly apostrophes mapped to `'`.
 *
 * Warnings (exit code unaffected): a question equal, after normalising, to a question of the public set
 * (`../shared/eval/qa.public.json`) or to another dev question; a question sharing most of its words with a
 * public one (word-set Jaccard > 0.6, the rule of the shared `check-facts.py`); a `multi_hop` case whose
 * facts all sit on one evidence page (the README defines multi_hop as facts from two different pages).
 *
 * Page text is cached per (file, page, mode) in memory and on disk under the OS temp directory, keyed by
 * the PDF's real path, size and mtime, so a re-run takes well under a second; a cold run extracts each cited
 * document once per mode, with at most `PDFTOTEXT_CONCURRENCY` processes at once.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";

/** The kinds of `../shared/eval/README.md`. */
const KINDS = new Set(["lookup", "multi_hop", "paraphrase", "spanish", "unanswerable"]);
/** The exact field set of a case (README "Fields"). */
const FIELDS = ["answer", "document", "evidence_pages", "facts", "id", "kind", "question"];
/** Word-set overlap above which a question is reported as close to a public one (as in check-facts.py). */
const NEAR_DUPLICATE_JACCARD = 0.6;
/** Parallel pdftotext processes; the machine has 2 cores shared by several engineers. */
const PDFTOTEXT_CONCURRENCY = 3;
/** Words ignored when comparing questions (check-facts.py's list). */
const STOP = new Set("a an the of to in on for and or is are do does i my me it what how".split(" "));

type Mode = "layout" | "raw";
interface Case {
  id: string;
  document: string;
  question: string;
  answer: string;
  facts: string[];
  evidence_pages: number[];
  kind: string;
}

/** Scoring normalisation: lower case, curly apostrophes to `'`, whitespace runs to one space. */
export function normalize(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Question identity for duplicate detection: {@link normalize}, then punctuation dropped. */
function questionKey(q: string): string {
  return normalize(q).replace(/[^\p{L}\p{N}$%' ]/gu, " ").replace(/\s+/g, " ").trim();
}

function words(q: string): Set<string> {
  return new Set((q.toLowerCase().match(/[\p{L}\p{N}_$%]+/gu) ?? []).filter((w) => !STOP.has(w)));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Runs a command and returns its stdout; throws with stderr when it exits non-zero. */
async function run(cmd: string[]): Promise<string> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}: ${err.trim()}`);
  return out;
}

/** Bounds concurrent work to `limit` tasks. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const queue: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

/**
 * Extracted, normalised page text, cached per (file, page, mode) in memory and on disk.
 * A document is extracted once per mode and split at pdftotext's form feeds; for the corpus PDFs this gives
 * the same normalised text as `pdftotext [-layout] -f N -l N` page by page (checked on every page of the 15
 * SBC/India files). When the split yields fewer pages than `pdfinfo` reports, pages are extracted one by one.
 */
function createPageTexts(corpus: string) {
  const docs = new Map<string, Promise<string[]>>();
  const pageCounts = new Map<string, Promise<number>>();
  const limit = limiter(PDFTOTEXT_CONCURRENCY);
  const cacheRoot = path.join(tmpdir(), "navigator-check-dev");
  const modeArgs = (mode: Mode) => (mode === "layout" ? ["-layout"] : []);

  function cacheDir(file: string): string {
    const st = statSync(file);
    const key = createHash("sha1").update(`${realpathSync(file)}|${st.size}|${st.mtimeMs}`).digest("hex");
    return path.join(cacheRoot, key.slice(0, 16));
  }

  async function extract(doc: string, mode: Mode, n: number): Promise<string[]> {
    const file = path.join(corpus, doc);
    const dir = cacheDir(file);
    const cached = path.join(dir, `${mode}.json`);
    if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8")) as string[];
    let pages = (await limit(() => run(["pdftotext", ...modeArgs(mode), file, "-"]))).split("\f").map(normalize);
    if (pages.length < n)
      pages = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          limit(() => run(["pdftotext", "-f", String(i + 1), "-l", String(i + 1), ...modeArgs(mode), file, "-"])).then(normalize),
        ),
      );
    mkdirSync(dir, { recursive: true });
    writeFileSync(cached, JSON.stringify(pages.slice(0, n)));
    return pages.slice(0, n);
  }

  const api = {
    /** Number of pages from `pdfinfo` (0 when it cannot be read). */
    pages(doc: string): Promise<number> {
      let p = pageCounts.get(doc);
      if (!p) {
        p = limit(() => run(["pdfinfo", path.join(corpus, doc)]))
          .then((out) => Number(/^Pages:\s+(\d+)/m.exec(out)?.[1] ?? 0))
          .catch(() => 0);
        pageCounts.set(doc, p);
      }
      return p;
    },
    /** Normalised text of one 1-based page, as `pdftotext [-layout] -f N -l N` would give it. */
    async text(doc: string, page: number, mode: Mode): Promise<string> {
      const key = `${doc}\u0000${mode}`;
      let p = docs.get(key);
      if (!p) {
        p = api.pages(doc).then((n) => extract(doc, mode, n));
        docs.set(key, p);
      }
      return (await p)[page - 1] ?? "";
    },
  };
  return api;
}

/** Side files beside the case files (`eoc.absent.json`, the terms check-absent.py looks for) hold no cases. */
const SIDE_FILE_SUFFIX = ".absent.json";

function loadCases(file: string, errors: string[]): Case[] {
  if (file.endsWith(SIDE_FILE_SUFFIX)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    errors.push(`${file}: cannot read JSON (${(e as Error).message})`);
    return [];
  }
  const cases = Array.isArray(data) ? data : (data as { cases?: unknown })?.cases;
  if (!Array.isArray(cases)) {
    errors.push(`${file}: expected an array of cases or an object with a "cases" array`);
    return [];
  }
  return cases as Case[];
}

/** Field presence and types; returns false when the case cannot be checked further. */
function checkShape(c: Case, where: string, errors: string[]): boolean {
  const keys = Object.keys(c ?? {}).sort();
  if (keys.join(",") !== FIELDS.join(",")) errors.push(`${where}: fields are [${keys.join(", ")}], expected [${FIELDS.join(", ")}]`);
  const okStrings = ["id", "document", "question", "answer", "kind"].every((k) => typeof (c as unknown as Record<string, unknown>)[k] === "string");
  const okFacts = Array.isArray(c.facts) && c.facts.every((f) => typeof f === "string" && f.trim() !== "");
  const okPages = Array.isArray(c.evidence_pages) && c.evidence_pages.every((p) => Number.isInteger(p));
  if (!okStrings) errors.push(`${where}: id, document, question, answer and kind must be strings`);
  if (!okFacts) errors.push(`${where}: facts must be an array of non-empty strings`);
  if (!okPages) errors.push(`${where}: evidence_pages must be an array of integers`);
  if (okStrings && c.question.trim() === "") errors.push(`${where}: empty question`);
  if (okStrings && !KINDS.has(c.kind)) errors.push(`${where}: unknown kind "${c.kind}"`);
  return okStrings && okFacts && okPages;
}

async function checkEvidence(c: Case, where: string, corpus: string, pdf: ReturnType<typeof createPageTexts>, errors: string[], warnings: string[]): Promise<void> {
  if (c.document === "*" || c.kind === "unanswerable") {
    if (!(c.document === "*" && c.kind === "unanswerable" && c.facts.length === 0 && c.evidence_pages.length === 0))
      errors.push(`${where}: an unanswerable case has document "*", kind "unanswerable", no facts and no pages`);
    return;
  }
  if (c.facts.length === 0 || c.evidence_pages.length === 0) errors.push(`${where}: an answerable case needs facts and evidence_pages`);
  if (!existsSync(path.join(corpus, c.document))) {
    errors.push(`${where}: no document "${c.document}" in ${corpus}`);
    return;
  }
  const n = await pdf.pages(c.document);
  const good = c.evidence_pages.filter((p) => p >= 1 && p <= n);
  for (const p of c.evidence_pages) if (!good.includes(p)) errors.push(`${where}: evidence page ${p} outside 1..${n}`);
  const texts = await Promise.all(
    good.map(async (p) => ({ page: p, layout: await pdf.text(c.document, p, "layout"), raw: await pdf.text(c.document, p, "raw") })),
  );
  for (const t of texts) if (t.layout === "" && t.raw === "") errors.push(`${where}: evidence page ${t.page} has no text`);
  const pagesOfFact: number[][] = [];
  for (const fact of c.facts) {
    const f = normalize(fact);
    for (const mode of ["layout", "raw"] as const)
      if (!texts.some((t) => t[mode].includes(f))) errors.push(`${where}: fact "${fact}" is on none of pages [${c.evidence_pages.join(", ")}] (${mode} text)`);
    pagesOfFact.push(texts.filter((t) => t.layout.includes(f) && t.raw.includes(f)).map((t) => t.page));
  }
  if (c.kind === "multi_hop") {
    const onOnePage = texts.some((t) => pagesOfFact.every((ps) => ps.includes(t.page)));
    if (new Set(good).size < 2) warnings.push(`${where}: multi_hop case cites fewer than two pages`);
    else if (onOnePage) warnings.push(`${where}: multi_hop case has all its facts on one evidence page`);
  }
}

function parseArgs(argv: string[]): { files: string[]; corpus: string; publicSet: string } {
  const repoRoot = path.resolve(import.meta.dir, "..");
  let corpus = path.resolve(repoRoot, "../shared/corpus");
  let publicSet = path.resolve(repoRoot, "../shared/eval/qa.public.json");
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? "";
    if (a === "--corpus" || a === "--public") {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === "--corpus") corpus = path.resolve(v);
      else publicSet = path.resolve(v);
    } else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
    // `X.absent.json` beside a case file lists absent terms for eval/dev/check-absent.py, not cases.
    else if (!a.endsWith(".absent.json")) files.push(a);
  }
  if (files.length === 0) throw new Error("usage: bun eval/check-dev.ts CASES.json... [--corpus DIR] [--public qa.public.json]");
  return { files, corpus, publicSet };
}

async function main(): Promise<number> {
  const started = performance.now();
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(Bun.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  if (!existsSync(args.corpus)) {
    console.error(`check-dev: corpus directory ${args.corpus} not found (pass --corpus DIR)`);
    return 2;
  }
  const pdf = createPageTexts(args.corpus);
  const all: Array<{ c: Case; where: string }> = [];
  for (const file of args.files) for (const c of loadCases(file, errors)) all.push({ c, where: `${path.basename(file)}:${c?.id ?? "?"}` });

  const ids = new Map<string, string>();
  const checkable: Array<{ c: Case; where: string }> = [];
  for (const { c, where } of all) {
    if (typeof c?.id === "string") {
      const first = ids.get(c.id);
      if (first) errors.push(`${where}: duplicate id (first in ${first})`);
      else ids.set(c.id, where);
    }
    if (c && typeof c === "object" && checkShape(c, where, errors)) checkable.push({ c, where });
  }
  await Promise.all(checkable.map(({ c, where }) => checkEvidence(c, where, args.corpus, pdf, errors, warnings)));

  const publicCases = existsSync(args.publicSet) ? loadCases(args.publicSet, errors) : [];
  if (publicCases.length === 0) warnings.push(`public set ${args.publicSet} not read: no duplicate check against it`);
  const publicByKey = new Map(publicCases.map((p) => [questionKey(p.question), p.id]));
  const publicWords = publicCases.map((p) => ({ id: p.id, w: words(p.question) }));
  const devByKey = new Map<string, string>();
  for (const { c, where } of checkable) {
    const key = questionKey(c.question);
    const pub = publicByKey.get(key);
    if (pub) warnings.push(`${where}: question equals public ${pub}`);
    else {
      const w = words(c.question);
      const near = publicWords.find((p) => jaccard(w, p.w) > NEAR_DUPLICATE_JACCARD);
      if (near) warnings.push(`${where}: question shares most words with public ${near.id}`);
    }
    const dev = devByKey.get(key);
    if (dev) warnings.push(`${where}: question equals ${dev}`);
    else devByKey.set(key, where);
  }

  for (const e of errors) console.log(`ERROR ${e}`);
  for (const w of warnings) console.log(`WARN  ${w}`);
  const kinds = new Map<string, number>();
  for (const { c } of checkable) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const byKind = [...kinds].map(([k, n]) => `${k} ${n}`).join(", ");
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `check-dev: ${all.length} cases in ${args.files.length} file(s) (${byKind}): ${errors.length} errors, ${warnings.length} warnings, ${seconds} s`,
  );
  return errors.length > 0 ? 1 : 0;
}

process.exit(await main());
