import { afterAll, describe, expect, test } from "bun:test";
import { createChatStreamBus, type ChatStreamBus } from "../../actors/chat-stream/index.ts";
import type { ChatRequest, ChatStreamEvent, ChatTurnResult } from "../../actors/messages.ts";
import { NotFoundError } from "../../db/index.ts";
import { createActorSystem } from "../../runtime/index.ts";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { checkChatInput, runChatTurn, type ChatTurnEvent } from "./chat-turn.ts";

const RESPONSE = "The limit is $6,000 [1]. It includes the deductible [1].";
const SOURCE = { documentId: "d", filename: "plan.pdf", page: 1, chunkIndex: 0, score: 0.9, text: "…" };
/** {@link SOURCE} in the public JSON. */
const SOURCE_JSON = { document_id: "d", filename: "plan.pdf", page: 1, chunk_index: 0, score: 0.9, text: "…" };

/** What the scripted agent publishes for a message (`late` ones after it replied). */
type Script = { publish: ChatStreamEvent[]; late?: ChatStreamEvent[]; fail?: Error };

/**
 * A real in-process actor system whose `agent` kind follows the script named by the message,
 * publishing to the real in-process bus, so the relay sees what a user agent would make it see.
 */
function setup(scripts: Record<string, Script>) {
  const logger = createRecordingLogger();
  const bus = createChatStreamBus({ logger });
  const system = createActorSystem({ logger }, {});
  system.register("agent", {
    init: () => null,
    async receive(_: null, msg: ChatRequest): Promise<ChatTurnResult> {
      const script = scripts[msg.message]!;
      for (const e of script.publish) bus.publish(msg.stream!, e);
      if (script.fail) throw script.fail;
      if (script.late) setTimeout(() => script.late!.forEach((e) => bus.publish(msg.stream!, e)), 0);
      const steps = { input_ms: 0, rewrite_ms: 0, retrieval_ms: 0, screen_ms: 0, synthesis_ms: 0, output_ms: 0 };
      return {
        text: RESPONSE,
        found: true,
        conversationId: "c-1",
        sources: [SOURCE],
        sourcesRole: "answer",
        language: "en",
        nextSteps: [],
        suggestedQuestions: [],
        steps,
        processingMs: 1.04,
        retrievalMs: 1,
        provider: "extractive",
        nodeId: "n",
        activationId: "a",
        startedAt: 0,
      };
    },
  });
  const deps = (streams: ChatStreamBus = bus) => ({ agentFor: (id: string) => system.ref<ChatRequest, ChatTurnResult>("agent", id), streams, timeoutMs: 2_000, logger });
  const run = async (message: string, streams?: ChatStreamBus) => {
    const events: ChatTurnEvent[] = [];
    await runChatTurn(deps(streams), { userId: "u", message, request: new Request("http://test/chat"), spanName: "test" }, (e) => events.push(e));
    await Bun.sleep(10); // let late events (if any) arrive
    return events;
  };
  return { bus, system, logger, run };
}

const deltas = (events: ChatTurnEvent[]) => events.filter((e) => e.type === "delta").map((e) => (e as { text: string }).text);

describe("runChatTurn", () => {
  const fx = setup({
    whole: {
      publish: [{ type: "meta", conversationId: "c-1" }, { type: "sources", sources: [SOURCE] }, { type: "delta", text: "The limit is $6,000 [1]. " }, { type: "delta", text: "It includes the deductible [1]." }],
      late: [{ type: "delta", text: " (late)" }],
    },
    lost: { publish: [] },
    partial: { publish: [{ type: "delta", text: "The limit is $6,000 [1]. " }] },
    missing: { publish: [], fail: new NotFoundError("conversation", "c-2") },
  });
  afterAll(() => fx.system.shutdown({ timeoutMs: 100 }));

  test("relays the agent's events in order, then done; events after done are dropped", async () => {
    const events = await fx.run("whole");
    expect(events.map((e) => e.type)).toEqual(["meta", "sources", "delta", "delta", "done"]);
    expect(deltas(events).join("")).toBe(RESPONSE);
    expect(events.at(-1)).toMatchObject({ type: "done", response: RESPONSE, conversation_id: "c-1", found: true, sources: [SOURCE_JSON] });
    expect(events[0]).toEqual({ type: "meta", conversation_id: "c-1" });
    expect(events[1]).toEqual({ type: "sources", sources: [SOURCE_JSON], sources_role: "answer" });
    expect((events.at(-1) as { metadata: { processing_ms: number } }).metadata.processing_ms).toBe(1);
    expect(fx.bus.subscriptions).toBe(0);
  });

  test("fills lost events from the reply: meta, sources and the missing tail of the text", async () => {
    const lost = await fx.run("lost");
    expect(lost.map((e) => e.type)).toEqual(["meta", "sources", "delta", "done"]);
    expect(lost[0]).toEqual({ type: "meta", conversation_id: "c-1" });
    expect(deltas(lost)).toEqual([RESPONSE]);
    const partial = await fx.run("partial");
    expect(deltas(partial)).toEqual(["The limit is $6,000 [1]. ", "It includes the deductible [1]."]);
    expect(partial.map((e) => e.type)).toEqual(["delta", "meta", "sources", "delta", "done"]);
  });

  test("an agent error becomes one error event with the API's code and status", async () => {
    const events = await fx.run("missing");
    expect(events).toEqual([{ type: "error", code: "not_found", message: expect.any(String), status: 404 }]);
    expect(fx.bus.subscriptions).toBe(0);
  });

  test("a bus that cannot subscribe (NATS down) still answers, unstreamed", async () => {
    const broken: ChatStreamBus = { ...fx.bus, subscribe: () => Promise.reject(new Error("connection closed")), close: async () => {} };
    const events = await fx.run("whole", broken);
    expect(events.map((e) => e.type)).toEqual(["meta", "sources", "delta", "done"]);
    expect(fx.logger.at("warn", "answering unstreamed")).toHaveLength(1);
  });
});

describe("checkChatInput", () => {
  test("normalises and trims; rejects empty and too long messages and ids that are not UUIDs", () => {
    expect(checkChatInput({ message: "  Cafe\u0301 " }, 10)).toEqual({ message: "Café", conversationId: undefined });
    expect(() => checkChatInput({ message: " " }, 10)).toThrow(expect.objectContaining({ code: "validation_failed" }));
    expect(() => checkChatInput({ message: "x".repeat(11) }, 10)).toThrow(expect.objectContaining({ code: "message_too_long" }));
    expect(() => checkChatInput({ message: "hi", conversation_id: "nope" }, 10)).toThrow(expect.objectContaining({ code: "not_found" }));
    const id = crypto.randomUUID().toUpperCase();
    expect(checkChatInput({ message: "hi", conversation_id: id }, 10).conversationId).toBe(id.toLowerCase());
  });
});
