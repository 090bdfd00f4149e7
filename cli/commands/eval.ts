import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { assertRetrievalMode, RETRIEVAL_MODES, type RetrievalMode } from "../../rag/retriever/index.ts";
import { ingestEvalCorpus, runEval, type EvalCorpus, type EvalReport } from "../eval/run.ts";
import type { EvalCase } from "../eval/score.ts";
import { endProgress, renderProgress } from "../progress.ts";
import { openNavigator } from "./open.ts";

const USAGE = `usage: navigator eval --cases FILE --corpus DIR [--mode ${RETRIEVAL_MODES.join("|")} | --ablation] [--json]`;

/**
 * `navigator eval --cases FILE --corpus DIR [--mode M | --ablation] [--json]`: runs the QA set
 * on a fresh, temporary embedded database (or `DATABASE_URL`), offline, and prints the scores.
 * `--mode` overrides RETRIEVAL_MODE; `--ablation` ingests once and evaluates every retrieval
 * mode over the same chunks (JSON: `{ ablation: [{ mode, hit@5, accuracy, … }], reports }`).
 */
export async function evaluate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { cases: { type: "string" }, corpus: { type: "string" }, json: { type: "boolean" }, mode: { type: "string" }, ablation: { type: "boolean" } },
  });
  if (!values.cases || !values.corpus || (values.mode && values.ablation)) {
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
  const parsed = (await Bun.file(values.cases).json()) as { cases?: EvalCase[] } | EvalCase[];
  const cases = Array.isArray(parsed) ? parsed : (parsed.cases ?? []);
  const modes: (RetrievalMode | undefined)[] = values.ablation ? [...RETRIEVAL_MODES] : [values.mode as RetrievalMode | undefined];
  const dataDir = await mkdtemp(join(tmpdir(), "navigator-eval-"));
  const progress = (done: number, total: number, what: string) => {
    if (!values.json || process.stderr.isTTY) renderProgress(what, (done / total) * 100, `${done}/${total}`);
  };
  const reports: EvalReport[] = [];
  let corpus: EvalCorpus | undefined;
  try {
    for (const mode of modes) {
      // Evaluation writes its own users and documents: it may bring a PostgreSQL schema up to date.
      const nav = await openNavigator({ dataDir, port: 0, migrateOnStart: true, ...(mode ? { retrievalMode: mode } : {}) });
      try {
        corpus ??= await ingestEvalCorpus(nav, cases, values.corpus, progress);
        reports.push(await runEval(nav, cases, corpus, progress));
      } finally {
        await nav.close();
      }
    }
    endProgress();
    if (values.ablation) console.log(values.json ? JSON.stringify({ ablation: reports.map(summary), reports }, null, 2) : formatAblation(reports));
    else console.log(values.json ? JSON.stringify(reports[0], null, 2) : formatReport(reports[0] as EvalReport));
    return 0;
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function summary(r: EvalReport) {
  return {
    mode: r.retrieval_mode,
    retrieval_hit_at_5: r.retrieval_hit_at_5,
    answer_fact_accuracy: r.answer_fact_accuracy,
    unanswerable_accuracy: r.unanswerable_accuracy,
    answer_latency_ms: r.answer_latency_ms,
  };
}

const pct = (x: number | null) => (x === null ? "  n/a" : `${(x * 100).toFixed(1).padStart(5)}%`);

function formatAblation(reports: readonly EvalReport[]): string {
  return [
    "mode              hit@5   answer  unanswerable  latency p50/p95 ms",
    ...reports.map(
      (r) =>
        `${r.retrieval_mode.padEnd(16)} ${pct(r.retrieval_hit_at_5)}  ${pct(r.answer_fact_accuracy)}  ${pct(r.unanswerable_accuracy).padStart(12)}  ${r.answer_latency_ms.p50}/${r.answer_latency_ms.p95}`,
    ),
  ].join("\n");
}

function formatReport(r: EvalReport): string {
  const lines = [
    `cases                     ${r.cases}`,
    `retrieval mode            ${r.retrieval_mode}`,
    `retrieval hit@5           ${pct(r.retrieval_hit_at_5)}`,
    `answer fact accuracy      ${pct(r.answer_fact_accuracy)}`,
    `unanswerable accuracy     ${pct(r.unanswerable_accuracy)}`,
    `multi_hop all evidence@5  ${pct(r.multi_hop_all_evidence_at_5)}`,
    `ingest                    ${r.ingest_seconds} s (${r.documents.length} documents)`,
    `answer latency            p50 ${r.answer_latency_ms.p50} ms, p95 ${r.answer_latency_ms.p95} ms`,
    "",
    "kind           cases  hit@5   answer",
    ...Object.entries(r.by_kind).map(([k, v]) => `${k.padEnd(14)} ${String(v.cases).padStart(5)}  ${pct(v.retrieval_hit_at_5)}  ${pct(v.answer_accuracy)}`),
    "",
    `failures (${r.failures.length}):`,
    ...r.failures.map((f) => `- ${f.id} [${f.kind}] hit=${f.retrieval_hit ?? "-"} found=${f.found}\n  Q: ${f.question}\n  A: ${f.answer.replace(/\s+/g, " ").slice(0, 300)}\n  sources: ${f.sources.map((s) => `${s.filename}#${s.page}`).join(", ")}`),
  ];
  return lines.join("\n");
}
