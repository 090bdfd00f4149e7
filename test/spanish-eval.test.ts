/**
 * Spanish questions of the development set (eval/dev/eoc.json, kind `spanish`) answered over HTTP
 * from the real SCAN EOC: in Spanish, with the facts. Also: the injection screen flags no sentence
 * of the shared corpus (its false-positive check).
 */
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readPdf } from "../rag/pdf/index.ts";
import { splitSentences } from "../rag/splitter/index.ts";
import { ANSWER_PREFIX_ES, NOT_FOUND_TEXT_ES } from "../rag/synthesizer/index.ts";
import { detectInjection, detectLanguage, nearestPagesLine } from "../rag/workflow/index.ts";
import { chat, CORPUS_DIR, corpusBytes, register, requireCorpus, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const EOC = "scan_classic_hmo_2025_EOC.pdf";
const EVAL_FILE = path.resolve(import.meta.dir, "../eval/dev/eoc.json");
/**
 * Share of the dev set's Spanish cases whose answer must hold every fact: a few points under the
 * 7 of 16 measured when it was set (`navigator eval --cases eval/dev/eoc.json`, by_kind.spanish).
 */
const MIN_SPANISH_FACT_ACCURACY = 0.3;
const TIMEOUT = 180_000;

const corpus = requireCorpus([EOC]);
const evalMissing = !existsSync(EVAL_FILE);
const available = corpus.available && !evalMissing;
const mustFail = (!corpus.available || evalMissing) && process.env.CI === "true";
const reason = !corpus.available ? corpus.reason : evalMissing ? `eval cases missing at ${EVAL_FILE}` : "";

test("shared corpus and eval cases are available (fails under CI=true when missing, skips otherwise)", () => {
  if (available) return;
  if (mustFail) throw new Error(`${reason}; CI=true, so this is a failure`);
  console.warn(`[spanish-eval] ${reason}; skipping`);
});

interface EvalCase {
  readonly id: string;
  readonly question: string;
  readonly facts: readonly string[];
  readonly kind: string;
  readonly document: string;
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, " ").replace(/[\u2018\u2019]/g, "'");

describe.skipIf(!available)("Spanish questions of the development set", () => {
  let server: TestServer;
  let url: string;
  let user: { token: string; userId: string };
  let cases: EvalCase[] = [];

  beforeAll(async () => {
    const parsed = (await Bun.file(EVAL_FILE).json()) as { cases?: EvalCase[] } | EvalCase[];
    cases = (Array.isArray(parsed) ? parsed : (parsed.cases ?? [])).filter((c) => c.kind === "spanish");
    server = await startTestServer();
    url = server.url;
    user = await register(url);
    const up = await uploadFile(url, user.token, await corpusBytes(EOC), EOC);
    expect(up.status).toBe(202);
    expect((await waitForJob(url, user.token, up.body.job_id!, TIMEOUT)).status).toBe("complete");
  }, TIMEOUT);

  afterAll(async () => {
    await server?.close();
  }, 60_000);

  test("are answered in Spanish, with the facts, next steps and suggestions in Spanish", async () => {
    expect(cases.length).toBeGreaterThan(0);
    let withFacts = 0;
    for (const c of cases) {
      expect(c.document).toBe(EOC);
      const res = await chat(url, user.token, c.question);
      expect(res.status).toBe(200);
      const body = res.body;
      expect({ id: c.id, language: body.language }).toEqual({ id: c.id, language: "es" });
      expect(body.metadata.language_reason).toMatch(/^es: /);
      if (body.found) expect(body.response.startsWith(ANSWER_PREFIX_ES)).toBe(true);
      else {
        // Not found: the Spanish sentence whole; with nearest passages listed, their pages in Spanish after it.
        const nearest = body.sources_role === "nearest";
        expect({ id: c.id, nearest }).toEqual({ id: c.id, nearest: body.sources.length > 0 });
        expect(body.response).toBe(nearest ? `${NOT_FOUND_TEXT_ES} ${nearestPagesLine(body.sources, "es")}` : NOT_FOUND_TEXT_ES);
      }
      for (const q of [...body.suggested_questions, ...body.next_steps]) expect({ id: c.id, q, language: detectLanguage(q).language }).toEqual({ id: c.id, q, language: "es" });
      expect(body.suggested_questions.length).toBeGreaterThan(0);
      if (c.facts.every((f) => fold(body.response).includes(fold(f)))) withFacts++;
    }
    expect(withFacts / cases.length).toBeGreaterThanOrEqual(MIN_SPANISH_FACT_ACCURACY);
  }, TIMEOUT);
});

describe.skipIf(!corpus.available)("injection screen on the shared corpus", () => {
  test("flags no sentence of any corpus document (no false positives on real plan text)", async () => {
    const flagged: string[] = [];
    let sentences = 0;
    for (const file of (await readdir(CORPUS_DIR)).filter((f) => f.toLowerCase().endsWith(".pdf")).sort()) {
      const doc = await readPdf(new Uint8Array(await Bun.file(path.join(CORPUS_DIR, file)).arrayBuffer()));
      for (const page of doc.pages) {
        for (const s of splitSentences(page.text)) {
          sentences++;
          if (detectInjection(s).length > 0) flagged.push(`${file} p${page.page}: ${s.slice(0, 120)}`);
        }
      }
    }
    expect(sentences).toBeGreaterThan(5_000);
    expect(flagged).toEqual([]);
  }, TIMEOUT);
});
