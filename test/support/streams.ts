/**
 * Clients of the streaming endpoints for tests and benchmarks: an incremental Server-Sent Events
 * reader over `fetch`, and a WebSocket wrapper that records messages and the close.
 */
import { bearer } from "./server.ts";

/** A two-page plan summary for streaming tests and the streaming benchmark (multi-sentence answers). */
export const SAMPLE_PLAN_PAGES: readonly string[] = [
  "Summary of Benefits for the Lakeside Gold PPO plan. The annual deductible is $1,500 per person and $3,000 per family. " +
    "The out-of-pocket limit is $6,000 per person and $12,000 per family. The out-of-pocket limit includes the deductible, copays and coinsurance. " +
    "Premiums and balance-billed charges do not count toward the out-of-pocket limit.",
  "A primary care visit costs a $25 copay. A specialist visit costs a $50 copay after the deductible. " +
    "Emergency room care costs a $350 copay per visit. Ambulance transport costs 20% coinsurance after the deductible.",
];
/** A question {@link SAMPLE_PLAN_PAGES} answers (the answer mentions "6,000"). */
export const SAMPLE_QUESTION = "What is the out-of-pocket limit?";

/** One SSE event: its name (`message` when the block has no `event:` line) and its parsed JSON data. */
export interface SseEvent {
  readonly event: string;
  readonly data: any;
  /** Milliseconds since the request was sent, when the event was parsed. */
  readonly atMs: number;
  /** 1-based number of the body read that completed the event: events sent together share one. */
  readonly read: number;
}

/** An SSE response being read. */
export interface SseStream {
  readonly response: Response;
  /** Events so far (grows while reading). */
  readonly events: SseEvent[];
  /** Comment lines so far (heartbeats), without the leading `:`. */
  readonly comments: string[];
  /** Resolves when the server ends the stream (or the read fails); `events` is then complete. */
  readonly ended: Promise<void>;
  /** Resolves with the first event (from the start) that `predicate` accepts; rejects after `timeoutMs`. */
  next(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Aborts the request (the client goes away). */
  abort(): void;
}

/**
 * Sends `init` to `url` and reads the response as SSE as it arrives. A non-SSE response (an error)
 * is returned with no events and `ended` resolved; read its body from `response`.
 */
export async function openSse(url: string, init: RequestInit = {}): Promise<SseStream> {
  const controller = new AbortController();
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let done = false;
  const read = async () => {
    if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream") || !response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let reads = 0;
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        reads++;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            else if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join("\n")), atMs: performance.now() - started, read: reads });
        }
        notify();
      }
    } catch {
      // aborted by the test, or the connection dropped: `ended` resolves either way
    } finally {
      done = true;
      notify();
    }
  };
  const ended = read();
  return {
    response,
    events,
    comments,
    ended,
    abort: () => controller.abort(),
    next(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(predicate);
          if (hit || done) {
            waiters.delete(check);
            clearTimeout(timer);
            if (hit) resolve(hit);
            else reject(new Error(`SSE stream ended without the awaited event (got ${events.map((e) => e.event).join(", ")})`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no awaited SSE event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(", ")})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** `POST /chat` with `Accept: text/event-stream`. */
export function sseChat(url: string, token: string, message: string, conversationId?: string): Promise<SseStream> {
  return openSse(`${url}/chat`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(conversationId ? { message, conversation_id: conversationId } : { message }),
  });
}

/** A WebSocket under test. */
export interface TestSocket {
  readonly ws: WebSocket;
  /** Every message received, parsed from JSON. */
  readonly messages: any[];
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Sends `value` (JSON-encoded unless it is a string). */
  send(value: unknown): void;
  /** Resolves with the first message (from the start) that `predicate` accepts; rejects after `timeoutMs` or on close. */
  next(predicate: (m: any) => boolean, timeoutMs?: number): Promise<any>;
  /** The messages of turn `id` up to and including its `done` or `error`. */
  turn(id: string | number, timeoutMs?: number): Promise<any[]>;
}

/** Opens `ws://…/chat/ws` (with `headers`, e.g. an Authorization header) and waits for it to open. */
export async function openSocket(httpUrl: string, headers: Record<string, string> = {}): Promise<TestSocket> {
  const ws = new WebSocket(`${httpUrl.replace(/^http/, "ws")}/chat/ws`, { headers });
  const messages: any[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.addEventListener("close", (e) => {
      isClosed = true;
      resolve({ code: e.code, reason: e.reason });
      for (const w of [...waiters]) w();
    });
  });
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error("websocket failed to open")), { once: true });
  });
  const next = (predicate: (m: any) => boolean, timeoutMs = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const check = () => {
        const hit = messages.find(predicate);
        if (hit || isClosed) {
          waiters.delete(check);
          clearTimeout(timer);
          if (hit) resolve(hit);
          else reject(new Error(`socket closed without the awaited message (got ${JSON.stringify(messages.map((m) => m.type))})`));
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no awaited message within ${timeoutMs} ms (got ${JSON.stringify(messages.map((m) => m.type))})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    ws,
    messages,
    closed,
    next,
    send: (value) => ws.send(typeof value === "string" ? value : JSON.stringify(value)),
    async turn(id, timeoutMs) {
      await next((m) => m.id === id && (m.type === "done" || m.type === "error"), timeoutMs);
      return messages.filter((m) => m.id === id);
    },
  };
}
