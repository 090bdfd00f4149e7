import { afterAll, describe, expect, test } from "bun:test";
import { openSse } from "../../test/support/streams.ts";
import { createSseResponse, type SseSink } from "./sse.ts";

/** A real Bun server whose single route answers with `handler()`. */
function serve(handler: (request: Request) => Response) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** Resolves once `signal` aborts; rejects after `ms`. */
const aborted = (signal: AbortSignal, ms = 2_000) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(() => reject(new Error(`not aborted within ${ms} ms`)), ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

describe("createSseResponse over a real server", () => {
  const servers: { stop(): void }[] = [];
  afterAll(() => servers.forEach((s) => s.stop()));

  test("events and heartbeat comments in SSE format, SSE headers, the end on close()", async () => {
    const srv = serve(() =>
      createSseResponse(
        async (sink) => {
          sink.send("meta", { a: 1 });
          sink.send("delta", { text: "two\nlines" });
          // Ten heartbeat periods: at least one ping must go out even on a loaded machine.
          await Bun.sleep(300);
          sink.close();
          sink.send("late", {});
        },
        { heartbeatMs: 30 },
      ),
    );
    servers.push(srv);
    const stream = await openSse(srv.url);
    await stream.ended;
    expect(stream.response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(stream.response.headers.get("cache-control")).toBe("no-store");
    expect(stream.response.headers.get("x-accel-buffering")).toBe("no");
    expect(stream.events.map((e) => [e.event, e.data])).toEqual([
      ["meta", { a: 1 }],
      ["delta", { text: "two\nlines" }],
    ]);
    expect(stream.comments.length).toBeGreaterThanOrEqual(1);
    expect(new Set(stream.comments)).toEqual(new Set(["ping"]));
  });

  test("a client that goes away ends the stream: `ended` aborts, heartbeats stop", async () => {
    let ended: AbortSignal | undefined;
    let sink: SseSink | undefined;
    let beats = 0;
    const srv = serve(() =>
      createSseResponse(
        (s, e) => {
          sink = s;
          ended = e;
          s.send("hello", {});
        },
        { heartbeatMs: 20, onHeartbeat: () => beats++ },
      ),
    );
    servers.push(srv);
    const stream = await openSse(srv.url);
    await stream.next((e) => e.event === "hello");
    stream.abort();
    await aborted(ended!);
    expect(sink!.closed).toBe(true);
    const after = beats;
    await Bun.sleep(80);
    expect(beats).toBe(after);
  });

  test("an aborted signal (shutdown) or a failing run ends the stream", async () => {
    const shutdown = new AbortController();
    const srv = serve((request) =>
      new URL(request.url).pathname === "/fail"
        ? createSseResponse(async (sink) => {
            sink.send("first", {});
            throw new Error("boom");
          }, { heartbeatMs: 1_000 })
        : createSseResponse((sink) => sink.send("open", {}), { heartbeatMs: 1_000, signals: [shutdown.signal] }),
    );
    servers.push(srv);
    const open = await openSse(srv.url);
    await open.next((e) => e.event === "open");
    shutdown.abort();
    await open.ended;
    expect(open.events.map((e) => e.event)).toEqual(["open"]);
    const failing = await openSse(`${srv.url}/fail`);
    await failing.ended;
    expect(failing.events.map((e) => e.event)).toEqual(["first"]);
  });

  test("rejects a heartbeat period that is not positive", () => {
    expect(() => createSseResponse(() => {}, { heartbeatMs: 0 })).toThrow(RangeError);
  });
});
