import { describe, expect, test } from "bun:test";
import { configError } from "../test/support/config.ts";
import {
  DEFAULT_AGENT_MAX_INFLIGHT,
  DEFAULT_INGEST_ACK_WAIT_MS,
  DEFAULT_INGEST_MAX_DELIVERIES,
  DEFAULT_INGEST_REDELIVERY_BACKOFF_MS,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_NATS_PREFIX,
  DEFAULT_PORT,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  loadConfig,
  natsNames,
  parseNatsServers,
  parseRoles,
  ROLES,
} from "./config.ts";

const NATS = { NATS_URL: "nats://127.0.0.1:4222" };


describe("loadConfig: cluster settings", () => {
  test("defaults without any cluster variable: embedded, all roles, random node id", () => {
    const config = loadConfig({});
    expect(config.natsUrl).toBeUndefined();
    expect(config.roles).toEqual(["api", "agent", "ingest"]);
    expect(config.nodeId).toMatch(/^node-[0-9a-f]{8}$/);
    expect(loadConfig({}).nodeId).not.toBe(config.nodeId);
    expect({
      natsPrefix: config.natsPrefix,
      leaseTtlMs: config.leaseTtlMs,
      ingestAckWaitMs: config.ingestAckWaitMs,
      ingestMaxDeliveries: config.ingestMaxDeliveries,
      ingestRetryBackoffMs: config.ingestRetryBackoffMs,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      agentMaxInflight: config.agentMaxInflight,
    }).toEqual({
      natsPrefix: "navigator",
      leaseTtlMs: 10_000,
      ingestAckWaitMs: 10_000,
      ingestMaxDeliveries: 5,
      ingestRetryBackoffMs: 1_000,
      shutdownTimeoutMs: 10_000,
      agentMaxInflight: 256,
    });
    expect([DEFAULT_NATS_PREFIX, DEFAULT_LEASE_TTL_MS, DEFAULT_INGEST_ACK_WAIT_MS, DEFAULT_INGEST_MAX_DELIVERIES]).toEqual(["navigator", 10_000, 10_000, 5]);
    expect([DEFAULT_INGEST_REDELIVERY_BACKOFF_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS, DEFAULT_AGENT_MAX_INFLIGHT]).toEqual([1_000, 10_000, 256]);
    expect(config.port).toBe(DEFAULT_PORT);
  });

  test("every variable is read", () => {
    const config = loadConfig({
      NATS_URL: "nats://a:4222, b:4223 ,tls://c",
      ROLES: "ingest,api",
      NODE_ID: "api-0-1f2e",
      NATS_PREFIX: "staging_2",
      LEASE_TTL_MS: "1000",
      INGEST_ACK_WAIT_MS: "30000",
      INGEST_MAX_DELIVERIES: "100",
      INGEST_RETRY_BACKOFF_MS: "0",
      SHUTDOWN_TIMEOUT_MS: "2500",
      AGENT_MAX_INFLIGHT: "1",
    });
    expect(config).toMatchObject({
      natsUrl: "nats://a:4222,b:4223,tls://c",
      roles: ["api", "ingest"],
      nodeId: "api-0-1f2e",
      natsPrefix: "staging_2",
      leaseTtlMs: 1_000,
      ingestAckWaitMs: 30_000,
      ingestMaxDeliveries: 100,
      ingestRetryBackoffMs: 0,
      shutdownTimeoutMs: 2_500,
      agentMaxInflight: 1,
    });
  });

  test("roles are trimmed, de-duplicated and put in canonical order", () => {
    expect(parseRoles(" ingest , agent,ingest")).toEqual(["agent", "ingest"]);
    expect(parseRoles("ingest,agent,api")).toEqual([...ROLES]);
    expect(loadConfig({ ...NATS, ROLES: "agent" }).roles).toEqual(["agent"]);
  });

  test("empty or unknown roles are refused, naming the source", () => {
    for (const text of ["", " ", "api,,agent", "api,web", "API", "api;agent"]) {
      const error = configError(() => parseRoles(text, "--roles"));
      expect(error.variable).toBe("--roles");
      expect(error.value).toBe(text);
      expect(error.code).toBe("invalid_config");
    }
    const error = configError(() => loadConfig({ ...NATS, ROLES: "api,worker" }));
    expect(error.message).toBe('ROLES="api,worker" is invalid: expected a comma-separated, non-empty subset of api,agent,ingest');
  });

  test("a subset of roles without NATS_URL is refused; all three are fine", () => {
    const error = configError(() => loadConfig({ ROLES: "api,agent" }));
    expect(error.variable).toBe("ROLES");
    expect(error.message).toBe('ROLES="api,agent" is invalid: expected all of api,agent,ingest: running a subset of roles needs NATS_URL (a cluster)');
    expect(loadConfig({ ROLES: "agent,api,ingest" }).roles).toEqual(["api", "agent", "ingest"]);
  });

  test("the --roles override wins over ROLES and is checked the same way", () => {
    expect(loadConfig({ ...NATS, ROLES: "not-a-role" }, { roles: parseRoles("ingest", "--roles") }).roles).toEqual(["ingest"]);
    const error = configError(() => loadConfig({}, { roles: ["api"] }));
    expect(error.variable).toBe("--roles");
    expect(error.message).toContain("needs NATS_URL");
    expect(configError(() => loadConfig(NATS, { roles: [] })).variable).toBe("--roles");
  });

  test("NATS_URL entries must be servers", () => {
    expect(parseNatsServers("127.0.0.1:4222")).toEqual(["127.0.0.1:4222"]);
    expect(parseNatsServers("ws://h:80,wss://h2")).toEqual(["ws://h:80", "wss://h2"]);
    for (const text of ["nats://a:4222,", "http://a:4222", "nats://", "a b:4222", ","]) {
      const error = configError(() => loadConfig({ NATS_URL: text }));
      expect(error.variable).toBe("NATS_URL");
      expect(error.value).toBe(text);
    }
  });

  test("NODE_ID and NATS_PREFIX must be NATS tokens of 1 to 64 characters", () => {
    expect(loadConfig({ NODE_ID: "a".repeat(64) }).nodeId).toBe("a".repeat(64));
    for (const [variable, value] of [
      ["NODE_ID", "a".repeat(65)],
      ["NODE_ID", "api.0"],
      ["NODE_ID", "api 0"],
      ["NATS_PREFIX", "nav*"],
      ["NATS_PREFIX", "nav>"],
      ["NATS_PREFIX", "navigator.prod"],
    ] as const) {
      const error = configError(() => loadConfig({ [variable]: value }));
      expect([error.variable, error.value]).toEqual([variable, value]);
      expect(error.message).toContain("1 to 64 letters, digits, _ or -");
    }
  });

  test("numeric bounds", () => {
    const cases: [string, string, string][] = [
      ["LEASE_TTL_MS", "999", "an integer from 1000 to 120000"],
      ["LEASE_TTL_MS", "120001", "an integer from 1000 to 120000"],
      ["INGEST_ACK_WAIT_MS", "999", "an integer from 1000 to 2147483647"],
      ["INGEST_MAX_DELIVERIES", "0", "an integer from 1 to 100"],
      ["INGEST_MAX_DELIVERIES", "101", "an integer from 1 to 100"],
      ["INGEST_RETRY_BACKOFF_MS", "-1", "an integer from 0 to 2147483647"],
      ["SHUTDOWN_TIMEOUT_MS", "1.5", "an integer from 0 to 2147483647"],
      ["AGENT_MAX_INFLIGHT", "0", "an integer from 1 to 1000000"],
      ["AGENT_MAX_INFLIGHT", "lots", "an integer from 1 to 1000000"],
      ["HEALTH_PORT", "65536", "an integer from 0 to 65535"],
      ["HEALTH_PORT", "http", "an integer from 0 to 65535"],
    ];
    for (const [variable, value, expected] of cases) {
      const error = configError(() => loadConfig({ [variable]: value }));
      expect(error.message).toBe(`${variable}=${JSON.stringify(value)} is invalid: expected ${expected}`);
    }
    expect(loadConfig({ LEASE_TTL_MS: "120000", INGEST_MAX_DELIVERIES: "1" })).toMatchObject({ leaseTtlMs: 120_000, ingestMaxDeliveries: 1 });
    expect(loadConfig({ HEALTH_PORT: "9001" }).healthPort).toBe(9001);
    expect(loadConfig({}).healthPort).toBeUndefined();
  });
});

describe("natsNames", () => {
  test("derives subjects, bucket and stream from the prefix", () => {
    expect(natsNames("navigator")).toEqual({ subjectPrefix: "navigator", actorsBucket: "navigator_actors", ingestStream: "NAVIGATOR_INGEST" });
    expect(natsNames("stage-2")).toEqual({ subjectPrefix: "stage-2", actorsBucket: "stage-2_actors", ingestStream: "STAGE-2_INGEST" });
  });

  test("refuses a prefix that is not a token", () => {
    expect(() => natsNames("a.b")).toThrow(RangeError);
    expect(() => natsNames("")).toThrow('natsNames: "prefix" must match');
  });
});

describe("loadConfig: retrieval", () => {
  test("RETRIEVAL_MODE defaults to fusion and accepts every mode", () => {
    expect(loadConfig({}).retrievalMode).toBe("fusion");
    for (const mode of ["fusion", "bm25", "vector", "text", "hybrid", "hybrid+glossary"]) expect(loadConfig({ RETRIEVAL_MODE: mode }).retrievalMode).toBe(mode as never);
  });

  test("an unknown RETRIEVAL_MODE is refused, naming the modes", () => {
    const error = configError(() => loadConfig({ RETRIEVAL_MODE: "semantic" }));
    expect(error.message).toBe(`RETRIEVAL_MODE="semantic" is invalid: expected fusion | bm25 | vector | text | hybrid | hybrid+glossary`);
  });
});
