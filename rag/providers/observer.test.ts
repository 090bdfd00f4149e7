import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { SpanKind } from "@opentelemetry/api";
import { registerTracing, type TracingHandle } from "../../runtime/index.ts";
import { startFakeOpenAI } from "../../test/support/openai-server.ts";
import type { RetrievedChunk } from "../types.ts";
import { createOpenAIClient, createOpenAIEmbedder, createOpenAISynthesizer, type ProviderObserver } from "./index.ts";

/** An observer recording every call. */
function recorder() {
  const calls: { kind: string; [k: string]: unknown }[] = [];
  const observer: ProviderObserver = {
    operation: (c) => calls.push({ kind: "operation", ...c }),
    tokens: (c) => calls.push({ kind: "tokens", ...c }),
    retry: (c) => calls.push({ kind: "retry", ...c }),
  };
  return { observer, calls };
}

describe("provider telemetry (gen_ai spans and metrics hooks)", () => {
  const fake = startFakeOpenAI();
  const client = createOpenAIClient({ apiKey: "sk-test", baseURL: fake.url, timeoutMs: 10_000 });
  const exporter = new InMemorySpanExporter();
  let tracing: TracingHandle;
  beforeAll(() => void (tracing = registerTracing({ exporter })));
  afterAll(async () => {
    await tracing.shutdown();
    await fake.close();
  });

  test("embeddings: a CLIENT span with gen_ai attributes and no input text; duration, input tokens, the 429 retry", async () => {
    const { observer, calls } = recorder();
    const embedder = createOpenAIEmbedder({ client, observer }, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    fake.failNext("embeddings", { status: 429, retryAfterMs: "1" });
    exporter.reset();
    await embedder.embedDocuments(["the deductible is $1,500 per member"]);
    const span = exporter.getFinishedSpans().find((s) => s.name === "embeddings text-embedding-3-small")!;
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect({ ...span.attributes }).toEqual({ "gen_ai.operation.name": "embeddings", "gen_ai.provider.name": "openai", "gen_ai.request.model": "text-embedding-3-small" });
    expect(calls.filter((c) => c.kind === "retry")).toMatchObject([{ kind: "retry", provider: "openai", operation: "embeddings", status: 429 }]);
    const op = calls.find((c) => c.kind === "operation")!;
    expect(op).toMatchObject({ provider: "openai", model: "text-embedding-3-small", operation: "embeddings" });
    expect(op.errorType).toBeUndefined();
    expect(op.seconds as number).toBeGreaterThan(0);
    const tokens = calls.find((c) => c.kind === "tokens")!;
    expect(tokens).toMatchObject({ type: "input" });
    expect(tokens.count as number).toBeGreaterThan(0);
  });

  test("a failed call reports its error code as errorType and marks the span an error", async () => {
    const { observer, calls } = recorder();
    const embedder = createOpenAIEmbedder({ client, observer }, { retry: { maxAttempts: 1 } });
    fake.failNext("embeddings", { status: 401, message: "bad key" });
    exporter.reset();
    await expect(embedder.embedQuery("x y z")).rejects.toMatchObject({ code: "provider_rejected" });
    expect(calls.find((c) => c.kind === "operation")).toMatchObject({ errorType: "provider_rejected" });
    expect(exporter.getFinishedSpans().find((s) => s.name.startsWith("embeddings"))!.status.code).toBe(2);
  });

  test("chat: the synthesis call is observed and citation markers pointing at no excerpt are counted", async () => {
    const { observer, calls } = recorder();
    const synthesizer = createOpenAISynthesizer({ client, observer });
    fake.chatReply = () => "The deductible is $1,500 [1][7].";
    const chunk: RetrievedChunk = { chunkId: "c1", documentId: "d1", filename: "plan.pdf", ordinal: 0, pageStart: 1, pageEnd: 1, text: "The deductible is $1,500.", similarity: 0.9, score: 0.9 };
    const answer = await synthesizer.synthesize("What is the deductible?", [chunk]);
    expect(answer.found).toBe(true);
    expect(answer.text).toBe("The deductible is $1,500 [1].");
    expect(answer.droppedCitationMarkers).toBe(1);
    expect(calls.find((c) => c.kind === "operation")).toMatchObject({ provider: "openai", operation: "chat", model: "gpt-4o-mini" });
  });
});
