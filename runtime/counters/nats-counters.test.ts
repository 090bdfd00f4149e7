/**
 * Fixed-window counters in a JetStream KV bucket, against a real private nats-server
 * (test/support/nats.ts): counts shared by two connections, and a broker outage surfacing as the
 * coded, retryable `counters_unavailable` (503 at the HTTP boundary) instead of a bare NATS error.
 */
import { describe, expect, test } from "bun:test";
import { checkNats, useNats } from "../../test/support/nats.ts";
import { CountersUnavailableError } from "../errors.ts";
import { createNatsCounterStore } from "./nats-counters.ts";

const check = checkNats();
const nats = useNats();
const WINDOW_MS = 60_000;

test("NATS is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (check.mustFail) throw new Error(check.reason);
  if (!check.available) console.warn(`[nats-counters] ${check.reason}`);
  expect(typeof check.reason).toBe("string");
});

describe.skipIf(!check.available)("NATS counter store", () => {
  test("two nodes' connections share one count per key and window", async () => {
    const bucket = `${nats.unique}_limits_a`;
    const a = await createNatsCounterStore({ nc: await nats.connect() }, { bucket, maxWindowMs: WINDOW_MS });
    const b = await createNatsCounterStore({ nc: await nats.connect() }, { bucket, maxWindowMs: WINDOW_MS });
    await Promise.all([a.hit("login:ana", WINDOW_MS), b.hit("login:ana", WINDOW_MS), a.hit("login:ana", WINDOW_MS)]);
    expect((await b.peek("login:ana", WINDOW_MS)).count).toBe(3);
    expect((await a.peek("login:other", WINDOW_MS)).count).toBe(0);
    await a.reset("login:ana", WINDOW_MS);
    expect((await b.peek("login:ana", WINDOW_MS)).count).toBe(0);
  });

  test("while the broker is down, every operation throws CountersUnavailableError (retryable)", async () => {
    const nc = await nats.connect();
    const store = await createNatsCounterStore({ nc }, { bucket: `${nats.unique}_limits_b`, maxWindowMs: WINDOW_MS });
    await store.hit("uploads:u1", WINDOW_MS);
    await nc.close();
    for (const op of [() => store.hit("uploads:u1", WINDOW_MS), () => store.peek("uploads:u1", WINDOW_MS), () => store.reset("uploads:u1", WINDOW_MS)]) {
      const error = await op().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CountersUnavailableError);
      expect((error as CountersUnavailableError).code).toBe("counters_unavailable");
      expect((error as CountersUnavailableError).retryable).toBe(true);
    }
  });
});
