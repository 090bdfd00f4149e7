/**
 * Runs the QA evaluation through a live Navigator (the same actors the HTTP API uses).
 * - per-document mode: one user per document named by a case, owning just that document; one
 *   user owning the whole corpus for the `"*"` cases;
 * - library mode: one user owns every document of the corpus except the synthetic one
 *   ({@link isSyntheticDocument}), and answers every case but the synthetic document's, which run
 *   as a user owning just it.
 * Each document is ingested once per such user, and may be evaluated under several retrieval modes.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { USER_AGENT_KIND } from "../../actors/agent/index.ts";
import type { ChatTurnResult, ChatRequest } from "../../actors/messages.ts";
import type { Navigator } from "../../app/navigator.ts";
import { percentile } from "../../runtime/stats.ts";
import { scoreCase, type CaseScore, type EvalCase } from "./score.ts";

/**
 * Whether a corpus file is the synthetic document (shared/eval/README.md "Caveats": it carries the
 * SCAN EOC's title with other numbers): its file name starts with `test_`.
 */
export function isSyntheticDocument(filename: string): boolean {
  return filename.startsWith("test_");
}

/** Who owns which documents (see module doc). */
export type EvalMode = "per-document" | "library";

/** The report `navigator eval --json` prints. */
export interface EvalReport {
  readonly cases: number;
  /** `per-document` or `library` (see module doc). */
  readonly mode: EvalMode;
  /** Share of answerable cases answered "not found". */
  readonly answerable_refusal_rate: number;
  readonly retrieval_hit_at_5: number;
  readonly answer_fact_accuracy: number;
  readonly unanswerable_accuracy: number | null;
  readonly multi_hop_all_evidence_at_5: number | null;
  /** The retrieval mode the answers were given with (RETRIEVAL_MODE). */
  readonly retrieval_mode: string;
  readonly by_kind: Record<string, { cases: number; retrieval_hit_at_5: number | null; answer_accuracy: number; refusal_rate: number }>;
  /** Wall time of ingesting every document for every eval user, seconds. */
  readonly ingest_seconds: number;
  readonly documents: { filename: string; pages: number; chunks: number; seconds: number }[];
  readonly answer_latency_ms: { p50: number; p95: number };
  readonly failures: { id: string; kind: string; question: string; answer: string; found: boolean; retrieval_hit?: boolean; sources: { filename: string; page: number; score: number }[] }[];
}

/** Progress callback: `(done, total, what)`. */
export type EvalProgress = (done: number, total: number, what: string) => void;

/** What {@link ingestEvalCorpus} stored: eval users by case `document` (or `"*"`), and ingestion figures. */
export interface EvalCorpus {
  readonly mode: EvalMode;
  readonly userIds: ReadonlyMap<string, string>;
  readonly documents: EvalReport["documents"];
  /** Wall time of the whole ingestion, seconds. */
  readonly ingestSeconds: number;
}

/**
 * Creates one user per document named by a case (owning just that document) and one owning the
 * whole corpus for the `"*"` cases, and ingests their documents. Another Navigator opened on the
 * same database can evaluate over the result (the ablation does, once per retrieval mode).
 * @throws Error when a case names a document missing from `corpusDir`, or ingestion fails.
 */
export async function ingestEvalCorpus(
  nav: Navigator,
  cases: readonly EvalCase[],
  corpusDir: string,
  onProgress?: EvalProgress,
  mode: EvalMode = "per-document",
): Promise<EvalCorpus> {
  const named = [...new Set(cases.map((c) => c.document).filter((d) => d !== "*"))].sort();
  const corpus = (await readdir(corpusDir)).filter((f) => f.toLowerCase().endsWith(".pdf")).sort();
  for (const d of named) if (!corpus.includes(d)) throw new Error(`case document ${d} is not in ${corpusDir}`);
  const plan: { user: string; files: string[] }[] = [];
  if (mode === "library") {
    plan.push({ user: LIBRARY_USER, files: corpus.filter((f) => !isSyntheticDocument(f)) });
    for (const d of named.filter(isSyntheticDocument)) plan.push({ user: d, files: [d] });
  } else {
    plan.push(...named.map((d) => ({ user: d, files: [d] })));
    if (cases.some((c) => c.document === "*")) plan.push({ user: "*", files: corpus });
  }

  const userIds = new Map<string, string>();
  const documents: EvalReport["documents"] = [];
  const totalFiles = plan.reduce((n, p) => n + p.files.length, 0);
  let done = 0;
  const ingestStarted = performance.now();
  for (const p of plan) {
    const id = Bun.randomUUIDv7();
    await nav.repos.users.create({ id, email: `eval-${id}@navigator.invalid`, passwordHash: "!" });
    userIds.set(p.user, id);
    const jobs = [];
    for (const f of p.files) {
      const bytes = new Uint8Array(await Bun.file(join(corpusDir, f)).arrayBuffer());
      const started = performance.now();
      const { job } = await nav.documents.submit(id, { filename: f, bytes });
      jobs.push(
        nav.queue.whenDone(job.id).then((r) => {
          if (r.status !== "complete") throw new Error(`ingestion of ${f} ended ${r.status}`);
          documents.push({ filename: f, pages: r.pages, chunks: r.chunks, seconds: round((performance.now() - started) / 1000, 2) });
          onProgress?.(++done, totalFiles, `ingested ${f}`);
        }),
      );
    }
    await Promise.all(jobs);
  }
  return { mode, userIds, documents: documents.sort((a, b) => a.filename.localeCompare(b.filename)), ingestSeconds: (performance.now() - ingestStarted) / 1000 };
}

/** Library mode's user key in {@link EvalCorpus.userIds}. */
const LIBRARY_USER = "library";

/** The eval user that answers a case. */
function userFor(corpus: EvalCorpus, c: EvalCase): string {
  const key = corpus.mode === "library" && !isSyntheticDocument(c.document) ? LIBRARY_USER : c.document;
  const id = corpus.userIds.get(key);
  if (!id) throw new Error(`no eval user for ${c.document}`);
  return id;
}

/**
 * Asks every question through the user agents of `nav` (the path the HTTP API takes) and scores
 * the answers. Ingests what the cases need first, unless `corpus` is an earlier ingestion.
 * @throws Error when a case names a document missing from `corpusDir`, or ingestion fails.
 */
export async function runEval(nav: Navigator, cases: readonly EvalCase[], corpus: string | EvalCorpus, onProgress?: EvalProgress): Promise<EvalReport> {
  const ingested = typeof corpus === "string" ? await ingestEvalCorpus(nav, cases, corpus, onProgress) : corpus;
  const scored: { c: EvalCase; s: CaseScore; reply: ChatTurnResult }[] = [];
  const latencies: number[] = [];
  for (const [i, c] of cases.entries()) {
    const userId = userFor(ingested, c);
    const t0 = performance.now();
    const reply = await nav.system
      .ref<ChatRequest, ChatTurnResult>(USER_AGENT_KIND, userId)
      .ask({ type: "chat", v: 1, userId, message: c.question }, { timeoutMs: 60_000 });
    latencies.push(performance.now() - t0);
    scored.push({ c, s: scoreCase(c, { response: reply.text, found: reply.found, sources: reply.sources }), reply });
    onProgress?.(i + 1, cases.length, `asked ${c.id}`);
  }

  const rate = (xs: boolean[]) => (xs.length === 0 ? null : round(xs.filter(Boolean).length / xs.length, 4));
  const answerable = scored.filter((x) => x.c.kind !== "unanswerable");
  const byKind: EvalReport["by_kind"] = {};
  for (const kind of [...new Set(cases.map((c) => c.kind))].sort()) {
    const xs = scored.filter((x) => x.c.kind === kind);
    byKind[kind] = {
      cases: xs.length,
      retrieval_hit_at_5: kind === "unanswerable" ? null : rate(xs.map((x) => x.s.retrievalHit === true)),
      answer_accuracy: rate(xs.map((x) => x.s.answerPass)) ?? 0,
      refusal_rate: rate(xs.map((x) => !x.reply.found)) ?? 0,
    };
  }
  const multi = scored.filter((x) => x.c.kind === "multi_hop");
  return {
    cases: cases.length,
    mode: ingested.mode,
    answerable_refusal_rate: rate(answerable.map((x) => !x.reply.found)) ?? 0,
    retrieval_hit_at_5: rate(answerable.map((x) => x.s.retrievalHit === true)) ?? 0,
    answer_fact_accuracy: rate(answerable.map((x) => x.s.answerPass)) ?? 0,
    unanswerable_accuracy: rate(scored.filter((x) => x.c.kind === "unanswerable").map((x) => x.s.answerPass)),
    multi_hop_all_evidence_at_5: rate(multi.map((x) => x.s.allEvidenceHit === true)),
    by_kind: byKind,
    retrieval_mode: nav.retriever.mode,
    ingest_seconds: round(ingested.ingestSeconds, 2),
    documents: ingested.documents,
    answer_latency_ms: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
    failures: scored
      .filter((x) => !x.s.answerPass || x.s.retrievalHit === false)
      .map((x) => ({
        id: x.c.id,
        kind: x.c.kind,
        question: x.c.question,
        answer: x.reply.text,
        found: x.reply.found,
        retrieval_hit: x.s.retrievalHit,
        sources: x.reply.sources.slice(0, 5).map((s) => ({ filename: s.filename, page: s.page, score: round(s.score, 4) })),
      })),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
