import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { assertRetrievalMode, RETRIEVAL_MODES, type RetrievalMode } from "../../rag/retriever/index.ts";
import { ingestEvalCorpus, runEval, type EvalCorpus, type EvalMode, type EvalReport } from "../eval/run.ts";
import type { EvalCase } from "../eval/score.ts";
import { endProgress, renderProgress } from "../progress.ts";
import { openNavigator } from "./open.ts";

const USAGE = `usage: navigator eval --cases FILE|GLOB [--cases …] --corpus DIR [--mode ${RETRIEVAL_MODES.join("|")} | --ablation] [--library] [--json]`;

/**
 * `navigator eval --cases FILE… --corpus DIR [--mode M | --ablation] [--library] [--json]`: runs
 * the QA set on a fresh, temporary embedded database (or `DATABASE_URL`), offline, and prints the
 * scores. `--cases` may be repeated and may be a glob (`eval/dev/*.json`); the files' cases run
 * together. `--mode` overrides RETRIEVAL_MODE (`bm25` is the textbook baseline); `--ablation`
 * ingests once and evaluates every retrieval mode over the same chunks (JSON: `{ ablation: [{
 * mode, hit@5, accuracy, … }], reports }`). `--library` evaluates per-document and library mode
 * (one user owns the whole corpus but the synthetic document; cli/eval/run.ts) and prints them side
 * by side (JSON: the library report, with the per-document one as `per_document`).
 */
export async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: "string", multiple: true },
      corpus: { type: "string" },
      json: { type: "boolean" },
      mode: { type: "string" },
      ablation: { type: "boolean" },
      library: { type: "boolean" },
    },
  });
  if (!values.cases?.length || !values.corpus || (values.mode && values.ablation) || (values.library && values.ablation)) {
    console.error(USAGE);
    return 2;
  }
  if (values.mode) {
    try {
      assertRetrievalMode(values.mode);
    } catch (error) {
      console.error(`${(error as Error).message}\n${USAGE}`);
      return 2;
    }
  }
  const files = await caseFiles(values.cases);
  if (files.length === 0) {
    console.error(`no case file matches ${values.cases.join(", ")}\n${USAGE}`);
    return 2;
  }
  const cases: EvalCase[] = [];
  for (const f of files) {
    const parsed = (await Bun.file(f).json()) as { cases?: EvalCase[] } | EvalCase[];
    cases.push(...(Array.isArray(parsed) ? parsed : (parsed.cases ?? [])));
  }
  const modes: (RetrievalMode | undefined)[] = values.ablation ? [...RETRIEVAL_MODES] : [values.mode as RetrievalMode | undefined];
  const evalModes: EvalMode[] = values.library ? ["per-document", "library"] : ["per-document"];
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-eval-"));
  const progress = (done: number, total: number, what: string) => {
    if (!values.json || process.stderr.isTTY) renderProgress(what, (done / total) * 100, `${done}/${total}`);
  };
  const reports: EvalReport[] = [];
  const corpora = new Map<EvalMode, EvalCorpus>();
  try {
    for (const mode of modes) {
      // Evaluation writes its own users and documents: it may bring a PostgreSQL schema up to date.
      const nav = await openNavigator({ dataDir, port: 0, migrateOnStart: true, ...(mode ? { retrievalMode: mode } : {}) });
      try {
        for (const evalMode of evalModes) {
          let corpus = corpora.get(evalMode);
          if (!corpus) corpora.set(evalMode, (corpus = await ingestEvalCorpus(nav, cases, values.corpus, progress, evalMode)));
          reports.push(await runEval(nav, cases, corpus, progress));
        }
      } finally {
        await nav.close();
      }
    }
    endProgress();
    if (values.ablation) console.log(values.json ? JSON.stringify({ ablation: reports.map(summary), reports }, null, 2) : formatAblation(reports));
    else if (values.library) {
      const [perDocument, library] = reports as [EvalReport, EvalReport];
      console.log(values.json ? JSON.stringify({ ...library, per_document: perDocument }, null, 2) : formatSideBySide(perDocument, library));
    } else console.log(values.json ? JSON.stringify(reports[0], null, 2) : formatReport(reports[0] as EvalReport));
    return 0;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Case files named by `--cases` values: a path, or a glob pattern (sorted matches). */
async function caseFiles(patterns: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of patterns) {
    if (!/[*?[{]/.test(p)) {
      out.push(p);
      continue;
    }
    const matches: string[] = [];
    for await (const f of new Bun.Glob(p).scan({ cwd: ".", onlyFiles: true })) matches.push(f);
    out.push(...matches.sort());
  }
  return out;
}

function summary(r: EvalReport) {
  return {
    mode: r.retrieval_mode,
    answerable_refusal_rate: r.answerable_refusal_rate,
    retrieval_hit_at_5: r.retrieval_hit_at_5,
    answer_fact_accuracy: r.answer_fact_accuracy,
    unanswerable_accuracy: r.unanswerable_accuracy,
    answer_latency_ms: r.answer_latency_ms,
  };
}

const pct = (x: number | null) => (x === null ? "  n/a" : `${(x * 100).toFixed(1).padStart(5)}%`);

function formatAblation(reports: readonly EvalReport[]): string {
  return [
    "mode              hit@5   answer  unanswerable  ans.refused  latency p50/p95 ms",
    ...reports.map(
      (r) =>
        `${r.retrieval_mode.padEnd(16)} ${pct(r.retrieval_hit_at_5)}  ${pct(r.answer_fact_accuracy)}  ${pct(r.unanswerable_accuracy).padStart(12)}  ${pct(r.answerable_refusal_rate).padStart(11)}  ${r.answer_latency_ms.p50}/${r.answer_latency_ms.p95}`,
    ),
  ].join("\n");
}

function formatSideBySide(p: EvalReport, l: EvalReport): string {
  const row = (name: string, a: string, b: string) => `${name.padEnd(26)}${a.padStart(14)}${b.padStart(14)}`;
  const lines = [
    row("", "per-document", "library"),
    row("cases", String(p.cases), String(l.cases)),
    row("retrieval mode", p.retrieval_mode, l.retrieval_mode),
    row("retrieval hit@5", pct(p.retrieval_hit_at_5), pct(l.retrieval_hit_at_5)),
    row("answer fact accuracy", pct(p.answer_fact_accuracy), pct(l.answer_fact_accuracy)),
    row("unanswerable accuracy", pct(p.unanswerable_accuracy), pct(l.unanswerable_accuracy)),
    row("answerable refusal rate", pct(p.answerable_refusal_rate), pct(l.answerable_refusal_rate)),
    row("multi_hop all evidence@5", pct(p.multi_hop_all_evidence_at_5), pct(l.multi_hop_all_evidence_at_5)),
    row("answer latency p50/p95 ms", `${p.answer_latency_ms.p50}/${p.answer_latency_ms.p95}`, `${l.answer_latency_ms.p50}/${l.answer_latency_ms.p95}`),
    row("ingest s", String(p.ingest_seconds), String(l.ingest_seconds)),
    "",
    "kind           cases   per-document hit@5/answer/refused   library hit@5/answer/refused",
    ...Object.keys(p.by_kind).map((k) => {
      const a = p.by_kind[k]!;
      const b = l.by_kind[k]!;
      return `${k.padEnd(14)} ${String(a.cases).padStart(5)}   ${pct(a.retrieval_hit_at_5)} ${pct(a.answer_accuracy)} ${pct(a.refusal_rate)}         ${pct(b.retrieval_hit_at_5)} ${pct(b.answer_accuracy)} ${pct(b.refusal_rate)}`;
    }),
  ];
  return lines.join("\n");
}

function formatReport(r: EvalReport): string {
  const lines = [
    `cases                     ${r.cases} (${r.mode})`,
    `retrieval mode            ${r.retrieval_mode}`,
    `retrieval hit@5           ${pct(r.retrieval_hit_at_5)}`,
    `answer fact accuracy      ${pct(r.answer_fact_accuracy)}`,
    `unanswerable accuracy     ${pct(r.unanswerable_accuracy)}`,
    `answerable refusal rate   ${pct(r.answerable_refusal_rate)}`,
    `multi_hop all evidence@5  ${pct(r.multi_hop_all_evidence_at_5)}`,
    `ingest                    ${r.ingest_seconds} s (${r.documents.length} documents)`,
    `answer latency            p50 ${r.answer_latency_ms.p50} ms, p95 ${r.answer_latency_ms.p95} ms`,
    "",
    "kind           cases  hit@5   answer  refused",
    ...Object.entries(r.by_kind).map(([k, v]) => `${k.padEnd(14)} ${String(v.cases).padStart(5)}  ${pct(v.retrieval_hit_at_5)}  ${pct(v.answer_accuracy)}  ${pct(v.refusal_rate)}`),
    "",
    `failures (${r.failures.length}):`,
    ...r.failures.map((f) => `- ${f.id} [${f.kind}] hit=${f.retrieval_hit ?? "-"} found=${f.found}\n  Q: ${f.question}\n  A: ${f.answer.replace(/\s+/g, " ").slice(0, 300)}\n  sources: ${f.sources.map((s) => `${s.filename}#${s.page}`).join(", ")}`),
  ];
  return lines.join("\n");
}
