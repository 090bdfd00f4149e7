/**
 * Answer quality in memory (no database): `bun bench/answers.ts [--cases FILE…] [--public]
 * [--retrieval bm25,fusion] [--mode per-document|library|both] [--failures] [--no-records] [--ask off|SPEC]`
 * (`--no-records`: chunks only, without the structure records the app indexes beside them).
 *
 * Prints hit@5, answer facts, unanswerable accuracy and answerable refusal rate, by kind, per
 * retrieval mode, per-document and library, for the development set (default: eval/dev/*.json)
 * and, with `--public`, for shared/eval/qa.public.json (reported, never tuned on). `bm25` is the
 * textbook baseline (no refusal: it answers whatever it retrieves).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { assertRetrievalMode, type RetrievalMode } from "../rag/retriever/index.ts";
import type { AskRetrievalOptions } from "../rag/retriever/ask-lists.ts";
import { type EvalMode, loadCases, type Outcome, runCases, SHARED, summarize } from "./answers-harness.ts";

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    cases: { type: "string", multiple: true },
    public: { type: "boolean" },
    retrieval: { type: "string", default: "bm25,fusion" },
    mode: { type: "string", default: "both" },
    failures: { type: "boolean" },
    only: { type: "string" },
    kind: { type: "string" },
    "no-refusal": { type: "boolean" },
    sweep: { type: "boolean" },
    "no-records": { type: "boolean" },
    variants: { type: "string" },
    ask: { type: "string" },
  },
});
const devFiles = [...(values.cases ?? []), ...positionals];
const DEV_DIR = join(import.meta.dir, "..", "eval", "dev");
const dev = devFiles.length > 0 ? devFiles : readdirSync(DEV_DIR).filter((f) => f.endsWith(".json")).map((f) => join(DEV_DIR, f));
const sets: [string, string[]][] = [["dev", dev]];
if (values.public) sets.push(["public", [join(SHARED, "eval", "qa.public.json")]]);
const modes: EvalMode[] = values.mode === "both" ? ["per-document", "library"] : [values.mode as EvalMode];
const retrievals = (values.retrieval as string).split(",").map((m) => {
  assertRetrievalMode(m);
  return m as RetrievalMode;
});

/** `--ask off|MERGE/LEAD/PER_ASK/OTHER_SHARE/MAX_ASKS/ASK_WEIGHT`: retrieval per ask for the main table (rag/retriever/ask-lists.ts). */
const askOption = values.ask === undefined ? undefined : { value: parseAsk(values.ask) };
function parseAsk(spec: string): AskRetrievalOptions | false {
  if (spec === "off") return false;
  const m = spec.match(/^(interleave|rrf|reserve|max)\/(\d+)\/(\d+)\/([\d.]+)\/(\d+)\/([\d.]+)$/);
  if (!m) throw new RangeError(`--ask: off or MERGE/LEAD/PER_ASK/OTHER_SHARE/MAX_ASKS/ASK_WEIGHT, got ${spec}`);
  return { merge: m[1] as AskRetrievalOptions["merge"], lead: Number(m[2]), perAsk: Number(m[3]), otherShare: Number(m[4]), maxAsks: Number(m[5]), askWeight: Number(m[6]) };
}

const pct = (x: number) => (Number.isNaN(x) ? "   - " : (x * 100).toFixed(1).padStart(5));
console.log("set     mode          retrieval  cases  hit@5  facts  unans  ans-refused  p50 ms   by kind (hit/facts)");
for (const [name, files] of sets) {
  const cases = loadCases(files).filter((c) => (!values.only || c.id.startsWith(values.only)) && (!values.kind || c.kind === values.kind));
  for (const mode of modes)
    for (const retrieval of retrievals) {
      const out = await runCases(cases, { mode, retrieval, noRefusal: retrieval === "bm25" || values["no-refusal"] === true, records: values["no-records"] !== true, ...(askOption ? { retriever: { askRetrieval: askOption.value } } : {}) });
      const s = summarize(out);
      const ms = out.map((x) => x.ms).sort((a, b) => a - b)[Math.floor(out.length / 2)] ?? 0;
      const kinds = Object.entries(s.byKind).map(([k, v]) => `${k} ${v.n}: ${pct(v.hit).trim()}/${pct(v.facts).trim()}`).join("; ");
      console.log(`${name.padEnd(7)} ${mode.padEnd(13)} ${retrieval.padEnd(10)} ${String(s.n).padStart(5)}  ${pct(s.hit)}  ${pct(s.facts)}  ${pct(s.unanswerable)}  ${pct(s.refusal).padStart(11)}  ${ms.toFixed(1).padStart(6)}   ${kinds}`);
      if (values.failures) printFailures(out);
    }
}

function printFailures(out: readonly Outcome[]): void {
  for (const x of out) {
    const bad = x.c.kind === "unanswerable" ? !x.pass : !x.hit || !x.pass;
    if (!bad) continue;
    console.log(`  ✗ ${x.c.id} [${x.c.kind}] hit=${x.hit} found=${x.found} p=${x.probability?.toFixed(2)} ev=${x.c.evidence_pages.slice(0, 5)} top=${x.top.map((t) => `${t.filename.slice(0, 12)}#${t.pageStart}`).join(",")}`);
    console.log(`     Q: ${x.c.question}\n     facts: ${JSON.stringify(x.c.facts)}  A: ${x.answer.replace(/\s+/g, " ").slice(0, Number(process.env.BENCH_ANSWER_CHARS ?? 200))}`);
  }
}

if (process.argv.includes("--sweep")) {
  const cases = loadCases(dev).filter((c) => !values.kind || c.kind === values.kind);
  const variants: [string, Parameters<typeof runCases>[1]["retriever"], boolean?][] = [
    ["fusion (default)", {}],
    ["naming none", { dropNamingTerms: "none" }],
    ["naming named", { dropNamingTerms: "named" }],
    ["naming all", { dropNamingTerms: "all" }],
    ["typo 0", { typoWeight: 0 }],
    ["single plain", { singleDocumentAsNamed: false }],
    ["no route by name", { routeByName: false }],
    ["no decisive route", { decisiveRouting: false }],
    ["typo 0.6", { typoWeight: 0.6 }],
    ["named title", { namedIgnoreTitle: false }],
    ["named title, naming none", { namedIgnoreTitle: false, dropNamingTerms: "none" }],
    ["naming none, no title", { dropNamingTerms: "none" }],
    ["naming all, no title", { dropNamingTerms: "all" }],
    ["+vector", { fusionSignals: ["bm25f", "vector"] }],
    ["hard routing", { documentRouting: true }],
    ["no routing", { documentRouting: false }],
    ["+rerank", { fusionRerank: true }],
    ["title 0", { fieldWeights: { title: 0, label: 3 } }],
    ["label 0", { fieldWeights: { title: 3, label: 0 } }],
    ["label 1", { fieldWeights: { title: 3, label: 1 } }],
    ["label 6", { fieldWeights: { title: 3, label: 6 } }],
    ["no records", {}, false],
    ["title 1", { fieldWeights: { title: 1, label: 3 } }],
    ["title 2", { fieldWeights: { title: 2, label: 3 } }],
    ["cognates 0", { cognateWeight: 0 }],
    ["name run in name", { nameRunScope: "name" }],
    ["rrf k 20", { rrfK: 20 }],
    ["rrf k 120", { rrfK: 120 }],
    ["b 0.5", { fieldedBm25: { b: 0.5 } }],
    ["b 0.9", { fieldedBm25: { b: 0.9 } }],
    ["k1 0.9", { fieldedBm25: { k1: 0.9 } }],
    ["k1 1.6", { fieldedBm25: { k1: 1.6 } }],
    ["k1 2", { fieldedBm25: { k1: 2 } }],
    ["k1 1.4 + name run in name", { fieldedBm25: { k1: 1.4 }, nameRunScope: "name" }],
    ["k1 1.8 + name run in name", { fieldedBm25: { k1: 1.8 }, nameRunScope: "name" }],
    ["k1 1.6 + name run in name", { fieldedBm25: { k1: 1.6 }, nameRunScope: "name" }],
    ["k1 2 + name run in name", { fieldedBm25: { k1: 2 }, nameRunScope: "name" }],
    ["+baseline", { fusionSignals: ["bm25f", "baseline"] }],
    ["+baseline 0.5", { fusionSignals: ["bm25f", "baseline"], baselineWeight: 0.5 }],
    ["+baseline 0.3", { fusionSignals: ["bm25f", "baseline"], baselineWeight: 0.3 }],
  ];
  console.log("\nsweep (dev, no refusal)     per-doc hit/facts   library hit/facts");
  const picked = values.variants ? new Set(values.variants.split(",")) : undefined;
  // Parametric variants by name: `prf:DOCS/TERMS/WEIGHT` (feedback), `idf:EXPONENT`, `ask:…` (below), joined by `+`.
  for (const name of picked ?? []) {
    if (variants.some(([n]) => n === name)) continue;
    const r: Record<string, unknown> = {};
    for (const part of name.split("+")) {
      const prf = part.match(/^prf:(\d+)\/(\d+)\/([\d.]+)$/);
      const idf = part.match(/^idf:([\d.]+)$/);
      // `ask:MERGE/LEAD/PER_ASK/OTHER_SHARE/MAX_ASKS/ASK_WEIGHT` (retrieval per ask, rag/retriever/ask-lists.ts)
      if (part.startsWith("ask:")) r.askRetrieval = parseAsk(part.slice(4));
      else if (prf) r.feedback = { docs: Number(prf[1]), terms: Number(prf[2]), weight: Number(prf[3]) };
      else if (idf) r.queryIdfExponent = Number(idf[1]);
      else if (part === "noprf") r.feedback = false;
      else if (part === "nocontr") r.dropContractions = true;
      else if (part === "contr") r.dropContractions = false;
    }
    if (Object.keys(r).length > 0) variants.push([name, r as Parameters<typeof runCases>[1]["retriever"]]);
  }
  for (const [name, r, records] of variants.filter(([n]) => !picked || picked.has(n))) {
    const cells: string[] = [];
    for (const mode of modes) {
      const s = summarize(await runCases(cases, { mode, retrieval: "fusion", noRefusal: true, retriever: r, records: records ?? values["no-records"] !== true }));
      cells.push(`${pct(s.hit)}/${pct(s.facts)}`);
    }
    console.log(`${name.padEnd(27)} ${cells.join("        ")}`);
  }
}
