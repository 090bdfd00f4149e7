/**
 * Server-Sent Events as a plain `Response` over a `ReadableStream` (what Bun.serve streams as it
 * is written): `event: <name>` + one `data:` line of JSON per event, `: <comment>` heartbeats.
 * Format: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */
import { SSE_HEADERS } from "./options.ts";

/** Writes to one SSE response. Every method is a no-op once the stream has ended. */
export interface SseSink {
  /** Sends `event: <event>` with `data` as one line of JSON (JSON escapes line breaks). */
  send(event: string, data: unknown): void;
  /** Sends a comment line (clients ignore it; it keeps proxies and the connection alive). */
  comment(text: string): void;
  /** Ends the response. */
  close(): void;
  /** True once the stream has ended (closed by us, the client, or a shutdown). */
  readonly closed: boolean;
}

/** Options of {@link createSseResponse}. */
export interface SseOptions {
  /** Period of `: ping` comments, milliseconds (> 0). */
  readonly heartbeatMs: number;
  /** Called after each heartbeat (e.g. to poll a state that may have changed unnoticed). */
  readonly onHeartbeat?: (sink: SseSink) => void;
  /** Signals that end the stream when aborted: the request's (client gone), the server's shutdown. */
  readonly signals?: readonly AbortSignal[];
}

/**
 * Builds a streaming SSE response and calls `run(sink, ended)` once the stream starts. `ended`
 * aborts when the stream ends for any reason: `sink.close()`, the client disconnecting (the
 * stream is cancelled or the request's signal aborts), or one of `options.signals` aborting; use
 * it to unsubscribe. An error thrown or rejected by `run` ends the stream (the caller should have
 * sent an `error` event first).
 * @throws RangeError when `heartbeatMs` is not a positive number.
 */
export function createSseResponse(run: (sink: SseSink, ended: AbortSignal) => void | Promise<void>, options: SseOptions): Response {
  if (!(options.heartbeatMs > 0)) throw new RangeError(`createSseResponse: "heartbeatMs" must be > 0, got ${options.heartbeatMs}`);
  const encoder = new TextEncoder();
  const ended = new AbortController();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const finish = () => {
    if (ended.signal.aborted) return;
    clearInterval(timer);
    for (const signal of options.signals ?? []) signal.removeEventListener("abort", finish);
    ended.abort();
    try {
      controller?.close();
    } catch {
      // already closed or errored by the client going away
    }
  };
  const write = (text: string) => {
    if (ended.signal.aborted || !controller) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };
  const sink: SseSink = {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    comment: (text) => write(`: ${text.replace(/[\r\n]+/g, " ")}\n\n`),
    close: finish,
    get closed() {
      return ended.signal.aborted;
    },
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      for (const signal of options.signals ?? []) {
        if (signal.aborted) return void finish();
        signal.addEventListener("abort", finish, { once: true });
      }
      timer = setInterval(() => {
        sink.comment("ping");
        if (!sink.closed) options.onHeartbeat?.(sink);
      }, options.heartbeatMs);
      // `run` returning does not end the stream (only close(), the client or a signal do); failing does.
      Promise.resolve()
        .then(() => run(sink, ended.signal))
        .catch(finish);
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
