/**
 * `navigator eval` as a user runs it: the CLI in a child process, on PGlite (PGlite pass) or on
 * `DATABASE_URL` (PostgreSQL pass), including `--ablation` over every retrieval mode. Cases are
 * read from ../shared/eval at run time (never copied into the repo).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { createDatabase } from "../db/index.ts";
import { RETRIEVAL_MODES } from "../rag/retriever/index.ts";
import { scratchPostgres } from "./support/db.ts";
import { CORPUS_DIR, requireCorpus } from "./support/server.ts";

const TEST_DOC = "test_insurance_document.pdf";
const PUBLIC_CASES = resolve(CORPUS_DIR, "../eval/qa.public.json");
const TIMEOUT_MS = 180_000;
const corpus = requireCorpus([TEST_DOC]);
const ROOT = resolve(import.meta.dir, "..");
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("shared corpus and eval set are available (fails under CI=true when missing, skips otherwise)", async () => {
  if (!corpus.available) {
    if (corpus.mustFail) throw new Error(corpus.reason);
    console.warn(`[eval-command] ${corpus.reason}`);
    return;
  }
  expect(await Bun.file(PUBLIC_CASES).exists()).toBe(true);
});

async function runCli(args: string[], env: Record<string, string | undefined>) {
  const proc = Bun.spawn(["bun", "cli/main.ts", ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "error", ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

describe.skipIf(!corpus.available)("navigator eval", () => {
  test(
    "--ablation ingests once and scores every retrieval mode on the case documents",
    async () => {
      dir = await mkdtemp(join(tmpdir(), "nav-eval-cmd-"));
      const all = (await Bun.file(PUBLIC_CASES).json()) as { cases?: { id: string; document: string }[] } | { id: string; document: string }[];
      const cases = (Array.isArray(all) ? all : (all.cases ?? [])).filter((c) => c.document === TEST_DOC);
      expect(cases.length).toBeGreaterThan(0);
      const unanswerable = { id: "own-unans-1", document: TEST_DOC, question: "Does the test insurance document cover interplanetary travel insurance?", answer: "", facts: [], evidence_pages: [], kind: "unanswerable" };
      const casesFile = join(dir, "cases.json");
      await Bun.write(casesFile, JSON.stringify([...cases, unanswerable]));
      const pg = await scratchPostgres();
      try {
        const { stdout, stderr, code } = await runCli(["eval", "--cases", casesFile, "--corpus", CORPUS_DIR, "--ablation", "--json"], {
          DATABASE_URL: pg?.url ?? "",
        });
        expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
        const out = JSON.parse(stdout) as {
          ablation: { mode: string; retrieval_hit_at_5: number; answer_fact_accuracy: number; unanswerable_accuracy: number }[];
          reports: { retrieval_mode: string; cases: number; documents: { filename: string; chunks: number }[] }[];
        };
        expect(out.ablation.map((a) => a.mode)).toEqual([...RETRIEVAL_MODES]);
        for (const r of out.reports) {
          expect(r.cases).toBe(cases.length + 1);
          // ingested once, by the first mode's Navigator; the others reuse it
          expect(r.documents.map((d) => d.filename)).toEqual([TEST_DOC]);
          expect(r.documents[0]?.chunks).toBeGreaterThan(0);
        }
        for (const r of out.reports as unknown as { mode: string; answerable_refusal_rate: number }[]) {
          expect(r.mode).toBe("per-document");
          expect(r.answerable_refusal_rate).toBeGreaterThanOrEqual(0);
        }
        // The synthetic document's own questions are found by the default pipeline and the baseline.
        for (const m of ["fusion", "bm25"]) expect(out.ablation.find((a) => a.mode === m)?.retrieval_hit_at_5).toBe(1);
        if (pg) {
          // it ran on PostgreSQL: the eval users and chunks are in that database
          const handle = await createDatabase({ url: pg.url, poolSize: 1 });
          try {
            const rows = (await handle.db.execute(sql`select count(*)::int as n from chunks c join users u on u.id = c.user_id where u.email like 'eval-%@navigator.invalid'`)) as unknown as { n: number }[];
            expect(Number(rows[0]?.n)).toBeGreaterThan(0);
          } finally {
            await handle.close();
          }
        }
      } finally {
        await pg?.drop();
      }
    },
    TIMEOUT_MS,
  );

  test("a bad mode or --mode with --ablation is a usage error (exit 2), before anything is opened", async () => {
    const bad = await runCli(["eval", "--cases", PUBLIC_CASES, "--corpus", CORPUS_DIR, "--mode", "semantic"], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`retrieval mode must be one of ${RETRIEVAL_MODES.join(", ")}`);
    const both = await runCli(["eval", "--cases", PUBLIC_CASES, "--corpus", CORPUS_DIR, "--mode", "text", "--ablation"], {});
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("usage: navigator eval");
  }, 30_000);
});
