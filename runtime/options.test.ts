import { describe, expect, test } from "bun:test";
import { createActorSystem } from "./actor-system.ts";
import {
  DEFAULT_ASK_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAILBOX_CAPACITY,
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  DEFAULT_MAX_RESTART_BACKOFF_MS,
  DEFAULT_RESTART_BACKOFF_MS,
  resolveSystemOptions,
  type ActorSystemOptions,
} from "./options.ts";
import { createRecordingLogger } from "./testing.ts";

const behavior = { init: () => 0, receive: () => 0 };

describe("options", () => {
  test("defaults are the named constants", () => {
    const o = resolveSystemOptions();
    expect(o).toMatchObject({
      mailboxCapacity: DEFAULT_MAILBOX_CAPACITY,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      defaultAskTimeoutMs: DEFAULT_ASK_TIMEOUT_MS,
      maxConsecutiveFailures: DEFAULT_MAX_CONSECUTIVE_FAILURES,
      restartBackoffMs: DEFAULT_RESTART_BACKOFF_MS,
      maxRestartBackoffMs: DEFAULT_MAX_RESTART_BACKOFF_MS,
    });
    expect(o.nodeId).toMatch(/^node-[0-9a-f]{8}$/);
  });

  const bad: [string, ActorSystemOptions][] = [
    ["mailboxCapacity", { mailboxCapacity: 0 }],
    ["mailboxCapacity", { mailboxCapacity: 1.5 }],
    ["idleTimeoutMs", { idleTimeoutMs: 0 }],
    ["idleTimeoutMs", { idleTimeoutMs: Number.POSITIVE_INFINITY }],
    ["idleTimeoutMs", { idleTimeoutMs: Number.NaN }],
    ["defaultAskTimeoutMs", { defaultAskTimeoutMs: -5 }],
    ["maxConsecutiveFailures", { maxConsecutiveFailures: 0 }],
    ["restartBackoffMs", { restartBackoffMs: -1 }],
    ["maxRestartBackoffMs", { restartBackoffMs: 100, maxRestartBackoffMs: 50 }],
    ["shutdownTimeoutMs", { shutdownTimeoutMs: -1 }],
    ["nodeId", { nodeId: "" }],
    ["idleTimeout", { idleTimeout: 5 } as ActorSystemOptions],
  ];
  for (const [name, options] of bad) {
    const shown = Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join(", ");
    test(`createActorSystem rejects ${shown} with a RangeError naming "${name}"`, () => {
      expect(() => createActorSystem({ logger: createRecordingLogger() }, options)).toThrow(
        new RegExp(`"${name}"`),
      );
      expect(() => createActorSystem({ logger: createRecordingLogger() }, options)).toThrow(RangeError);
    });
  }

  test("register validates kind options against the system's defaults, and kinds", async () => {
    const system = createActorSystem({ logger: createRecordingLogger() }, { maxRestartBackoffMs: 100 });
    expect(() => system.register("a", behavior, { mailboxCapacity: -1 })).toThrow(/register\("a"\).*"mailboxCapacity"/);
    expect(() => system.register("b", behavior, { restartBackoffMs: 500 })).toThrow(/"maxRestartBackoffMs"/);
    expect(() => system.register("", behavior)).toThrow(RangeError);
    expect(() => system.register("c", {} as typeof behavior)).toThrow(TypeError);
    system.register("d", behavior, { idleTimeoutMs: 10 });
    expect(() => system.register("d", behavior)).toThrow(/already registered/);
    expect(() => system.ref("d", "")).toThrow(RangeError);
    await expect(system.ref("d", "x").ask(1, { timeoutMs: 0 })).rejects.toThrow(/"timeoutMs"/);
    await expect(system.shutdown({ timeoutMs: -1 })).rejects.toThrow(RangeError);
    await system.shutdown();
  });
});
