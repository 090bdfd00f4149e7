/**
 * Providers chosen by configuration, end to end over HTTP on the run's database (PGlite, or
 * PostgreSQL with NAVIGATOR_TEST_DATABASE=postgres): EMBEDDING_PROVIDER=openai and
 * CHAT_PROVIDER=openai against a local OpenAI-format server, LlamaParse against a local fake.
 * Ingestion embeds through OpenAI, chat streams through the LLM synthesizer, LlamaParse failures
 * fall back to local parsing (and the document says so), a permanent embedding failure fails
 * the job with a last_error saying why.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../app/config.ts";
import { numberedSentences } from "./support/ingestion.ts";
import { startFakeLlamaParse } from "./support/llamaparse-server.ts";
import { startFakeOpenAI } from "./support/openai-server.ts";
import { makePdf } from "./support/pdf.ts";
import { chat, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const TIMEOUT_MS = 60_000;
const PLAN_TEXT = "The annual deductible is $1,500 per person. The out-of-pocket maximum is $6,000 per person per year. " +
  "A referral is required before you see a specialist. Primary care visits cost a $25 copay. " +
  numberedSentences(8).join(" ");

describe("OpenAI and LlamaParse providers over HTTP", () => {
  const openai = startFakeOpenAI();
  const llama = startFakeLlamaParse();
  let server: TestServer;
  let user: { token: string; userId: string };

  beforeAll(async () => {
    const env = {
      EMBEDDING_PROVIDER: "openai",
      CHAT_PROVIDER: "openai",
      OPENAI_API_KEY: "sk-fake",
      OPENAI_BASE_URL: openai.url,
      OPENAI_MAX_RETRIES: "1",
      LLAMA_CLOUD_API_KEY: "llx-fake",
      LLAMA_CLOUD_BASE_URL: llama.url,
    };
    server = await startTestServer({ providers: loadConfig(env).providers });
    user = await register(server.url);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await server?.close();
    await openai.close();
    await llama.close();
  });

  test("upload: LlamaParse reads the pages, OpenAI embeds them; chunks carry the OpenAI model", async () => {
    llama.mode = "ok";
    llama.pages = [PLAN_TEXT, numberedSentences(10, 100).join(" ")];
    const up = await uploadFile(server.url, user.token, makePdf(["local text that LlamaParse replaces"]), "plan.pdf");
    expect(up.status).toBe(202);
    const job = await waitForJob(server.url, user.token, up.body.job_id!);
    expect(job.status).toBe("complete");
    const doc = await server.nav.repos.documents.get(user.userId, up.body.document_id!);
    expect({ parser: doc?.parser, pages: doc?.pages }).toEqual({ parser: "llamaparse", pages: 2 });
    expect(llama.uploads.at(-1)).toMatchObject({ authorization: "Bearer llx-fake", filename: "plan.pdf" });
    expect(openai.embeddingBatches.reduce((a, b) => a + b, 0)).toBe(doc!.chunkCount);
    expect(await server.nav.repos.embeddingModels.otherModels("navigator-hashed-v1")).toEqual([{ model: "text-embedding-3-small", chunks: doc!.chunkCount }]);
    expect(server.nav.embedder.model).toBe("text-embedding-3-small");
  }, TIMEOUT_MS);

  test("chat answers through the OpenAI synthesizer with citations of the user's chunks", async () => {
    openai.chatReply = () => "The annual deductible is $1,500 per person [1].";
    const res = await chat(server.url, user.token, "What is the annual deductible?");
    expect(res.status).toBe(200);
    expect(res.body.found).toBe(true);
    // The model's answer, then the document it quotes (issue 12: every answer names its plan and document).
    expect(res.body.response).toBe("The annual deductible is $1,500 per person [1]. — plan.pdf");
    expect(res.body.metadata.provider).toBe("openai");
    expect(res.body.sources.length).toBeGreaterThan(0);
    const request = openai.requests.filter((r) => r.path === "/v1/chat/completions").at(-1)!;
    expect(request.body.stream).toBe(true);
    expect(request.body.messages[1].content).toContain("The annual deductible is $1,500 per person.");
  }, TIMEOUT_MS);

  test("LlamaParse failing → local parsing, and the document's parser says why", async () => {
    llama.mode = "upload_500";
    const up = await uploadFile(server.url, user.token, makePdf([PLAN_TEXT, numberedSentences(6, 40).join(" ")]), "fallback.pdf");
    const job = await waitForJob(server.url, user.token, up.body.job_id!);
    expect(job.status).toBe("complete");
    const doc = await server.nav.repos.documents.get(user.userId, up.body.document_id!);
    expect(doc?.parser).toBe("unpdf (llamaparse failed: fake LlamaParse is down)");
    expect(doc?.pages).toBe(2);
    llama.mode = "job_error";
    const up2 = await uploadFile(server.url, user.token, makePdf([numberedSentences(12, 300).join(" ")]), "fallback-2.pdf");
    expect((await waitForJob(server.url, user.token, up2.body.job_id!)).status).toBe("complete");
    const doc2 = await server.nav.repos.documents.get(user.userId, up2.body.document_id!);
    expect(doc2?.parser).toMatch(/^unpdf \(llamaparse failed: Failed to parse the file: .*status: ERROR\)$/);
  }, TIMEOUT_MS);

  test("embeddings failing for good → the job fails with a last_error saying why", async () => {
    llama.mode = "upload_500";
    openai.failAlways("embeddings", { status: 500, message: "the embedding model is overloaded" });
    try {
      const up = await uploadFile(server.url, user.token, makePdf([numberedSentences(12, 500).join(" ")]), "fails.pdf");
      const job = await waitForJob(server.url, user.token, up.body.job_id!);
      expect(job.status).toBe("failed");
      expect(job.attempts).toBe(3); // the ingestion actor's own attempts, each with OPENAI_MAX_RETRIES=1 retry
      expect(job.last_error?.code).toBe("embedder_unavailable");
      expect(job.last_error?.message).toContain("HTTP 500");
      expect(job.last_error?.message).toContain("the embedding model is overloaded");
      expect(job.last_error?.message).toContain("gave up after 2 attempts");

      openai.failAlways("embeddings", { status: 401, message: "Incorrect API key provided" });
      const up2 = await uploadFile(server.url, user.token, makePdf([numberedSentences(12, 700).join(" ")]), "bad-key.pdf");
      const job2 = await waitForJob(server.url, user.token, up2.body.job_id!);
      expect({ status: job2.status, attempts: job2.attempts, code: job2.last_error?.code }).toEqual({ status: "failed", attempts: 1, code: "embedder_failed" });
      expect(job2.last_error?.message).toContain("HTTP 401: Incorrect API key provided (not retried)");
    } finally {
      openai.failAlways("embeddings", undefined);
    }
  }, TIMEOUT_MS);
});
