/**
 * The pure parts of the launcher: rendering and prefixing node log lines, recognising the ready
 * line, splitting streams into lines, and the arguments of `navigator cluster`. The processes
 * themselves are exercised by ./node.test.ts (one embedded node) and the integrator's cluster tests.
 */
import { describe, expect, test } from "bun:test";
import { ConfigError } from "../../app/config.ts";
import {
  ClusterUsageError,
  DEFAULT_CLUSTER_BASE_PORT,
  DEFAULT_CLUSTER_DATA_DIR,
  DEFAULT_CLUSTER_DATABASE_URL,
  DEFAULT_CLUSTER_NATS_URL,
  parseClusterArgs,
} from "./args.ts";
import { startCluster } from "./launcher.ts";
import { nodePrefix, parseReadyLine, prefixLogLine, readLines, renderLogLine } from "./log-lines.ts";
import { NODE_READY_MESSAGE } from "./protocol.ts";

const READY = JSON.stringify({
  level: 30,
  time: 1767225600000,
  pid: 4242,
  nodeId: "api-0-3f2a",
  roles: ["api"],
  url: "http://127.0.0.1:8080",
  msg: "navigator node ready",
});

describe("log lines", () => {
  test("the prefix names role, index and node id", () => {
    expect(nodePrefix("agent", 2, "agent-2-0b1c")).toBe("[agent-2 agent-2-0b1c]");
  });

  test("a pino line renders as LEVEL msg key=value, without level/time/pid/hostname", () => {
    expect(prefixLogLine("[api-0 api-0-3f2a]", READY)).toBe(
      '[api-0 api-0-3f2a] INFO navigator node ready nodeId=api-0-3f2a roles=["api"] url=http://127.0.0.1:8080',
    );
    const warn = JSON.stringify({ level: 40, time: 1, pid: 1, hostname: "h", component: "actors", note: 'two words "quoted"', empty: "", n: 3, ok: false, msg: "lease lost" });
    expect(renderLogLine(warn)).toBe('WARN lease lost component=actors note="two words \\"quoted\\"" empty="" n=3 ok=false');
    const error = JSON.stringify({ level: 50, err: { type: "Error", message: "boom" }, msg: "navigator node failed to start" });
    expect(renderLogLine(error)).toBe('ERROR navigator node failed to start err={"type":"Error","message":"boom"}');
    expect(renderLogLine(JSON.stringify({ level: 60, msg: "" }))).toBe("FATAL");
    expect(renderLogLine(JSON.stringify({ level: 35, msg: "custom", a: "x=y" }))).toBe('LEVEL35 custom a="x=y"');
    expect(renderLogLine(JSON.stringify({ level: 20, a: null, b: [1, { c: 2 }] }))).toBe('DEBUG a=null b=[1,{"c":2}]');
  });

  test("other lines pass through verbatim", () => {
    for (const line of [
      'navigator serve: ROLES="api" is invalid: expected all of api,agent,ingest',
      "",
      "   indented",
      "{not json",
      '{"msg":"no level"}',
      '{"level":"info","msg":"string level"}',
      "[1,2]",
      "null",
    ]) {
      expect(renderLogLine(line)).toBe(line);
      expect(prefixLogLine("[ingest-0 ingest-0-aaaa]", line)).toBe(`[ingest-0 ingest-0-aaaa] ${line}`);
    }
  });

  test("the ready line is recognised, with or without url, and nothing else is", () => {
    expect(NODE_READY_MESSAGE).toBe("navigator node ready");
    expect(parseReadyLine(READY)).toEqual({ nodeId: "api-0-3f2a", roles: ["api"], url: "http://127.0.0.1:8080" });
    expect(parseReadyLine(JSON.stringify({ level: 30, nodeId: "agent-0-1", roles: ["agent"], msg: NODE_READY_MESSAGE }))).toEqual({ nodeId: "agent-0-1", roles: ["agent"] });
    expect(parseReadyLine(JSON.stringify({ level: 30, nodeId: "x", roles: ["api"], msg: "navigator node ready!" }))).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ level: 30, roles: ["api"], msg: NODE_READY_MESSAGE }))).toBeUndefined();
    expect(parseReadyLine(JSON.stringify({ level: 30, nodeId: "x", roles: "api", msg: NODE_READY_MESSAGE }))).toBeUndefined();
    expect(parseReadyLine(`plain text: ${NODE_READY_MESSAGE}`)).toBeUndefined();
  });

  test("readLines splits chunks at newlines, joins split characters, keeps a last unterminated line", async () => {
    const bytes = new TextEncoder().encode("a\r\nb€\n\nc");
    const split = [bytes.slice(0, 2), bytes.slice(2, 5), bytes.slice(5, 6), bytes.slice(6)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of split) controller.enqueue(chunk);
        controller.close();
      },
    });
    const lines: string[] = [];
    await readLines(stream, (line) => lines.push(line));
    expect(lines).toEqual(["a", "b€", "", "c"]);
    const ended: string[] = [];
    await readLines(new Blob(["x\n"]).stream(), (line) => ended.push(line));
    expect(ended).toEqual(["x"]);
  });
});

describe("navigator cluster arguments", () => {
  test("defaults: one node per role, port 8080, local NATS and PostgreSQL, ./data-cluster", () => {
    expect(parseClusterArgs([], {})).toEqual({
      api: 1,
      agent: 1,
      ingest: 1,
      basePort: 8080,
      natsUrl: "nats://127.0.0.1:4222",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/navigator",
      dataDir: "./data-cluster",
    });
    expect([DEFAULT_CLUSTER_BASE_PORT, DEFAULT_CLUSTER_NATS_URL, DEFAULT_CLUSTER_DATABASE_URL, DEFAULT_CLUSTER_DATA_DIR]).toEqual([
      8080,
      "nats://127.0.0.1:4222",
      "postgres://postgres@127.0.0.1:5432/navigator",
      "./data-cluster",
    ]);
  });

  test("flags and environment", () => {
    const env = { NATS_URL: "nats://n1:4222,nats://n2:4222", DATABASE_URL: "postgres://u@db/nav", DATA_DIR: "/srv/nav", JWT_SECRET: "s3cret" };
    expect(parseClusterArgs(["--api", "2", "--agent=3", "--ingest", "0", "--port", "0"], env)).toEqual({
      api: 2,
      agent: 3,
      ingest: 0,
      basePort: 0,
      natsUrl: "nats://n1:4222,nats://n2:4222",
      databaseUrl: "postgres://u@db/nav",
      dataDir: "/srv/nav",
      jwtSecret: "s3cret",
    });
    expect(parseClusterArgs(["--api", "32", "--port", "65504"], {})).toMatchObject({ api: 32, basePort: 65_504 });
  });

  test("bad arguments are usage errors naming the problem", () => {
    const cases: [string[], string][] = [
      [["--api=-1"], '--api must be an integer from 0 to 32, got "-1"'],
      [["--agent", "1.5"], '--agent must be an integer from 0 to 32, got "1.5"'],
      [["--ingest", "33"], '--ingest must be an integer from 0 to 32, got "33"'],
      [["--ingest", ""], '--ingest must be an integer from 0 to 32, got ""'],
      [["--port", "65536"], '--port must be an integer from 0 to 65535, got "65536"'],
      [["--port", "65535", "--api", "2"], "--port 65535 leaves no room for 2 API ports (the last would be 65536)"],
      [["--api", "0", "--agent", "0", "--ingest", "0"], "a cluster needs at least one node: --api, --agent and --ingest are all 0"],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseClusterArgs(argv, {})).toThrow(new ClusterUsageError(message));
    }
    for (const argv of [["--workers", "2"], ["extra"], ["--api"]]) {
      let error: unknown;
      try {
        parseClusterArgs(argv, {});
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClusterUsageError);
      expect((error as ClusterUsageError).code).toBe("usage");
    }
    expect(() => parseClusterArgs([], { NATS_URL: "http://x" })).toThrow(ConfigError);
  });
});

describe("startCluster options", () => {
  const base = { api: 1, agent: 0, ingest: 0, natsUrl: "nats://127.0.0.1:1", databaseUrl: "postgres://x@127.0.0.1:1/x", dataDir: "/nonexistent/never-created" };

  test("invalid options are refused before anything is touched", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ api: -1 }, 'startCluster: "api" must be an integer in [0, 1000], got -1'],
      [{ api: 0 }, 'startCluster: "api", "agent" and "ingest" are all 0: no node to start'],
      [{ basePort: 65_536 }, 'startCluster: "basePort" must be an integer in [0, 65535], got 65536'],
      [{ api: 2, basePort: 65_535 }, 'startCluster: "basePort" must be an integer in [1, 65535], got 65536'],
      [{ natsUrl: "" }, 'startCluster: "natsUrl" must be a non-empty string'],
      [{ readyTimeoutMs: 0 }, 'startCluster: "readyTimeoutMs" must be an integer in [1, 2147483647], got 0'],
      [{ env: { LOG_LEVEL: "warn" } }, 'startCluster: LOG_LEVEL must be trace, debug, info so nodes log "navigator node ready", got "warn"'],
    ];
    for (const [patch, message] of cases) {
      await expect(startCluster({ ...base, ...patch } as never)).rejects.toThrow(new RangeError(message));
    }
    expect(await Bun.file(base.dataDir).exists()).toBe(false);
  });
});
