/**
 * A chat turn whose OpenAI-compatible chat server fails answers 503 with a provider code and
 * `Retry-After` (a provider outage is retryable, not the server's bug), over real HTTP against the
 * local fake OpenAI server (test/support/openai-server.ts). Embeddings stay offline (hashed), so
 * only the chat model is out.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { loadConfig } from "../app/config.ts";
import { startFakeOpenAI, type FakeOpenAIServer } from "./support/openai-server.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const TIMEOUT = 60_000;
const PLAN = [
  "Orbwick Gold plan: costs. The annual deductible is 1,750 dollars for an individual. " +
    "The out-of-pocket maximum is 7,000 dollars for an individual. A specialist visit costs a copay of 55 dollars.",
];

describe("provider outage during a chat turn", () => {
  let fake: FakeOpenAIServer;
  let server: TestServer;
  let user: { token: string };

  beforeAll(async () => {
    fake = startFakeOpenAI();
    const env = { CHAT_PROVIDER: "openai", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.url, OPENAI_MAX_RETRIES: "1" };
    server = await startTestServer({ providers: loadConfig(env).providers });
    user = await register(server.url);
    const up = await uploadFile(server.url, user.token, makePdf(PLAN), "orbwick.pdf");
    expect(up.status).toBe(202);
    expect((await waitForJob(server.url, user.token, up.body.job_id!, TIMEOUT)).status).toBe("complete");
  }, TIMEOUT);

  afterAll(async () => {
    await server?.close();
    await fake?.close();
  }, TIMEOUT);

  const ask = (message: string) =>
    fetch(`${server.url}/chat`, { method: "POST", headers: { ...bearer(user.token), "content-type": "application/json" }, body: JSON.stringify({ message }) });

  test("the chat server answering 500 gives 503 provider_unavailable with Retry-After", async () => {
    fake.failAlways("chat", { status: 500, message: "model server crashed" });
    const res = await ask("What is the annual deductible?");
    const body = (await res.json()) as { code: string; message: string };
    expect(res.status).toBe(503);
    expect(body.code).toBe("provider_unavailable");
    expect(body.message).toContain("openai chat failed");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // The model was really asked (and retried once) before giving up.
    expect(fake.requests.filter((r) => r.path.endsWith("/chat/completions") && r.status === 500).length).toBeGreaterThanOrEqual(2);
  }, TIMEOUT);

  test("the same turn answers 200 once the chat server is back", async () => {
    fake.failAlways("chat", undefined);
    const res = await ask("What is the annual deductible?");
    expect(res.status).toBe(200);
  }, TIMEOUT);
});
