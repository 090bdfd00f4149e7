/**
 * A local server speaking OpenAI's wire format, for tests: `POST /v1/embeddings` (deterministic
 * bag-of-words vectors, float or base64), `POST /v1/chat/completions` (streamed as SSE
 * `data: {chunk}\n\n` … `data: [DONE]\n\n`, or one JSON completion), and scripted failures (429
 * with `Retry-After`, 500, …) in OpenAI's error body shape. Listens on 127.0.0.1, port 0.
 */

/** Vector length the fake returns when the request names no `dimensions`. */
export const FAKE_EMBEDDING_DIMENSIONS = 1536;

/** A scripted failure: status, optional `Retry-After` (seconds or HTTP-date) / `retry-after-ms`, message. */
export interface FakeFailure {
  readonly status: number;
  readonly retryAfter?: string;
  readonly retryAfterMs?: string;
  readonly message?: string;
}

/** One request as the fake received it. */
export interface RecordedRequest {
  readonly path: string;
  /** `performance.now()` when it arrived. */
  readonly at: number;
  readonly authorization: string | null;
  readonly body: any;
  /** The status answered. */
  status: number;
}

type Endpoint = "embeddings" | "chat";

/** The running fake. */
export interface FakeOpenAIServer {
  /** Base URL for the client, ending in `/v1`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Inputs of each successful embeddings request, in order. */
  readonly embeddingBatches: number[];
  /** Characters of each successful embeddings request's inputs together, in order. */
  readonly embeddingBatchChars: number[];
  /** Queues failures answered by the next requests to `endpoint`, in order. */
  failNext(endpoint: Endpoint, ...failures: FakeFailure[]): void;
  /** Answers every request to `endpoint` with `failure` (undefined: stop). */
  failAlways(endpoint: Endpoint, failure: FakeFailure | undefined): void;
  /** The chat answer for a request's messages. Default {@link defaultChatReply}. */
  chatReply: (messages: { role: string; content: string }[]) => string;
  /** Splits an answer into streamed pieces. Default: words with their trailing spaces. */
  tokenize: (text: string) => string[];
  /** Forgets recorded requests and batches (not the scripts). */
  reset(): void;
  close(): Promise<void>;
}

/** Default chat answer: cites the first excerpt, e.g. "According to your documents, … [1]." */
export function defaultChatReply(messages: { role: string; content: string }[]): string {
  const user = messages.find((m) => m.role === "user")?.content ?? "";
  const first = /<excerpt n="1"[^>]*>\n([^]*?)\n<\/excerpt>/.exec(user)?.[1];
  if (!first) return "NOT_FOUND";
  const sentence = first.split(/(?<=[.!?])\s+/)[0]!.trim();
  return `According to your documents: ${sentence} [1]`;
}

/** Deterministic, L2-normalised bag-of-words vector of `text` (shared words → higher cosine). */
export function fakeEmbedding(text: string, dimensions = FAKE_EMBEDDING_DIMENSIONS): number[] {
  const v = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
    v[h % dimensions]! += 1;
  }
  const norm = Math.hypot(...v.slice(0, dimensions)) || 1;
  return v.map((x) => x / norm);
}

/** Starts the fake. */
export function startFakeOpenAI(): FakeOpenAIServer {
  const queued: Record<Endpoint, FakeFailure[]> = { embeddings: [], chat: [] };
  const always: Partial<Record<Endpoint, FakeFailure>> = {};
  const requests: RecordedRequest[] = [];
  const embeddingBatches: number[] = [];
  const embeddingBatchChars: number[] = [];

  const fail = (f: FakeFailure) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (f.retryAfter !== undefined) headers["retry-after"] = f.retryAfter;
    if (f.retryAfterMs !== undefined) headers["retry-after-ms"] = f.retryAfterMs;
    const type = f.status === 429 ? "rate_limit_exceeded" : f.status >= 500 ? "server_error" : "invalid_request_error";
    const message = f.message ?? (f.status === 429 ? "Rate limit reached for requests" : `The server had an error (fake ${f.status})`);
    return new Response(JSON.stringify({ error: { message, type, param: null, code: type } }), { status: f.status, headers });
  };

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      const body = await req.json().catch(() => null);
      const rec: RecordedRequest = { path, at: performance.now(), authorization: req.headers.get("authorization"), body, status: 200 };
      requests.push(rec);
      const endpoint: Endpoint | undefined = path === "/v1/embeddings" ? "embeddings" : path === "/v1/chat/completions" ? "chat" : undefined;
      if (!endpoint || req.method !== "POST") return ((rec.status = 404), fail({ status: 404, message: `no route ${req.method} ${path}` }));
      const failure = queued[endpoint].shift() ?? always[endpoint];
      if (failure) return ((rec.status = failure.status), fail(failure));
      return endpoint === "embeddings" ? embeddings(body) : chat(body);
    },
  });

  const embeddings = (body: any) => {
    const inputs: string[] = typeof body?.input === "string" ? [body.input] : body?.input;
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.some((t) => typeof t !== "string" || t === "")) {
      return fail({ status: 400, message: "input must be a non-empty string or array of non-empty strings" });
    }
    if (inputs.length > 2048) return fail({ status: 400, message: `'$.input' is too long: ${inputs.length} > 2048` });
    embeddingBatches.push(inputs.length);
    embeddingBatchChars.push(inputs.reduce((n, t) => n + t.length, 0));
    const dims = typeof body.dimensions === "number" ? body.dimensions : FAKE_EMBEDDING_DIMENSIONS;
    const data = inputs.map((t, index) => {
      const v = fakeEmbedding(t, dims);
      const embedding = body.encoding_format === "base64" ? Buffer.from(new Float32Array(v).buffer).toString("base64") : v;
      return { object: "embedding", index, embedding };
    });
    const tokens = inputs.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
    return Response.json({ object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  };

  const chat = (body: any) => {
    const answer = api.chatReply(body?.messages ?? []);
    const id = `chatcmpl-fake-${crypto.randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    if (!body?.stream) {
      return Response.json({
        id,
        object: "chat.completion",
        created,
        model: body?.model,
        choices: [{ index: 0, message: { role: "assistant", content: answer }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    const chunk = (delta: object, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const events = [chunk({ role: "assistant", content: "" }, null), ...api.tokenize(answer).map((t) => chunk({ content: t }, null)), chunk({}, "stop"), "data: [DONE]\n\n"];
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = events.shift();
        if (next === undefined) return controller.close();
        controller.enqueue(new TextEncoder().encode(next));
        await Bun.sleep(1);
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
  };

  const api: FakeOpenAIServer = {
    url: `http://127.0.0.1:${server.port}/v1`,
    requests,
    embeddingBatches,
    embeddingBatchChars,
    failNext: (endpoint, ...failures) => void queued[endpoint].push(...failures),
    failAlways: (endpoint, failure) => void (always[endpoint] = failure),
    chatReply: defaultChatReply,
    tokenize: (text) => text.match(/\S+\s*|\s+/g) ?? [],
    reset() {
      requests.length = 0;
      embeddingBatches.length = 0;
      embeddingBatchChars.length = 0;
    },
    close: async () => void (await server.stop(true)),
  };
  return api;
}
