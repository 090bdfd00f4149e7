/**
 * Abuse figures of a real `navigator serve` process (embedded defaults, its own DATA_DIR): what
 * unauthenticated 45 MB bodies cost it (time to the answer, server RSS, `/health` latency while
 * they arrive), and how many wrong passwords one account gets before 429.
 * `bun bench/abuse.bench.ts` prints a table.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NODE_READY_MESSAGE } from "../cli/cluster/protocol.ts";

const BODY_BYTES = 45 * 1024 * 1024;
const root = new URL("..", import.meta.url).pathname;
const dataDir = await mkdtemp(join(tmpdir(), "navigator-abuse-"));
const server = Bun.spawn(["bun", "cli/main.ts", "serve"], {
  cwd: root,
  env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", NATS_URL: "", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
  stdout: "ignore",
  stderr: "pipe",
});

const rssMiB = async () => {
  const status = await readFile(`/proc/${server.pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
};

async function ready(): Promise<string> {
  const reader = (server.stderr as ReadableStream<Uint8Array>).getReader();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`server exited: ${text}`);
    text += new TextDecoder().decode(value);
    const line = text.split("\n").find((l) => l.includes(NODE_READY_MESSAGE));
    if (line) {
      void (async () => { while (!(await reader.read()).done); })();
      return JSON.parse(line).url as string;
    }
  }
}

/** A body of `[` (the 22-million-deep JSON of the sweep), streamed in 1 MiB chunks without Content-Length. */
const chunked = () => {
  const chunk = new Uint8Array(1024 * 1024).fill(0x5b);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= BODY_BYTES) return c.close();
      c.enqueue(chunk);
      sent += chunk.byteLength;
    },
  });
};

try {
  const url = await ready();
  const rows: [string, string][] = [];
  const base = await rssMiB();
  rows.push(["server RSS at rest", `${base.toFixed(0)} MiB`]);

  // Two unauthenticated POST /chat at once, 45 MB each, while /health is polled.
  const body = new Uint8Array(BODY_BYTES).fill(0x5b);
  for (const [label, make] of [
    ["declared (Content-Length)", () => body],
    ["chunked (no Content-Length)", chunked],
  ] as const) {
    let peak = await rssMiB();
    const healthMs: number[] = [];
    let running = true;
    const sampler = (async () => {
      while (running) {
        peak = Math.max(peak, await rssMiB());
        const t = performance.now();
        await fetch(`${url}/health`);
        healthMs.push(performance.now() - t);
        await Bun.sleep(20);
      }
    })();
    const t0 = performance.now();
    const answers = await Promise.all(
      [0, 1].map(async () => {
        const res = await fetch(`${url}/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: make(), duplex: "half" } as RequestInit);
        await res.text();
        return { status: res.status, ms: performance.now() - t0 };
      }),
    );
    running = false;
    await sampler;
    rows.push([`2 × 45 MB ${label}: answers`, answers.map((a) => `${a.status} in ${a.ms.toFixed(0)} ms`).join(", ")]);
    rows.push([`  server peak RSS`, `${peak.toFixed(0)} MiB (+${(peak - base).toFixed(0)})`]);
    rows.push([`  /health meanwhile`, `max ${Math.max(...healthMs, 0).toFixed(1)} ms over ${healthMs.length} polls`]);
  }

  // Wrong passwords for one account until 429.
  const email = `abuse-${Date.now()}@example.com`;
  const post = (path: string, password: string) =>
    fetch(`${url}/api/v2/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  await post("register", "correct horse battery staple");
  let attempts = 0;
  let status = 0;
  let retryAfter = "";
  while (attempts < 1000) {
    const res = await post("login", `wrong password ${attempts}`);
    attempts++;
    status = res.status;
    if (status === 429) {
      retryAfter = res.headers.get("retry-after") ?? "";
      break;
    }
  }
  const right = await post("login", "correct horse battery staple");
  rows.push(["wrong passwords before 429 (one account)", `${attempts - 1} (attempt ${attempts}: ${status}, Retry-After ${retryAfter} s)`]);
  rows.push(["  the right password right after", `${right.status}`]);

  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("\nAbuse figures (navigator serve, embedded defaults)\n");
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
} finally {
  server.kill("SIGTERM");
  await server.exited;
  await rm(dataDir, { recursive: true, force: true });
}
