import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFileBlobStore, NotFoundError, type Repositories } from "../../db/index.ts";
import { createHashedEmbedder, HASHED_SIMILARITY_THRESHOLD } from "../../rag/embeddings/index.ts";
import { rerank } from "../../rag/rerank/index.ts";
import { DEFAULT_REFUSAL_MODEL } from "../../rag/refusal/index.ts";
import { createRetriever } from "../../rag/retriever/index.ts";
import { createExtractiveSynthesizer } from "../../rag/synthesizer/index.ts";
import { NOT_FOUND_TEXTS } from "../../rag/workflow/index.ts";
import { createActorSystem, type ActorRef, type ActorSystem } from "../../runtime/index.ts";
import { createRecordingLogger } from "../../runtime/testing.ts";
import { createTestUser, DB_OPEN_TIMEOUT_MS, openTestDatabase, type TestDatabase } from "../../test/support/db.ts";
import { createRecordingQueue } from "../../test/support/ingestion.ts";
import { makePdf } from "../../test/support/pdf.ts";
import { createDocumentService, createJobEventBus, runIngestion } from "../ingestion/index.ts";
import { chatReplyView, chatStreamEventView, type ChatReply } from "../../http/views/chat-reply.ts";
import { UnsupportedMessageError, type ChatRequest, type ChatStreamEvent, type ChatTurnResult } from "../messages.ts";
import { CONVERSATION_TITLE_CHARS, createUserAgentBehavior, USER_AGENT_KIND } from "./index.ts";

const ACUPUNCTURE_PLAN = [
  "The Zorblax Platinum plan covers acupuncture visits with a copay of 77 dollars per visit. " +
    "Acupuncture is limited to twelve visits per calendar year and requires a referral from your primary care doctor. " +
    "Chiropractic care is covered with a copay of 35 dollars per visit. " +
    "Massage therapy is not covered by the Zorblax Platinum plan.",
  "The annual deductible of the Zorblax Platinum plan is 1,250 dollars for an individual. " +
    "Emergency room visits cost a copay of 300 dollars per visit. " +
    "Generic prescription drugs cost 12 dollars for a thirty day supply at a retail pharmacy. " +
    "The out-of-pocket maximum is 6,500 dollars for an individual.",
];
const DENTAL_PLAN = [
  "The Quillfeather Dental plan covers two routine cleanings per year at no cost. " +
    "Fillings are covered at 80 percent after the dental deductible of 50 dollars. " +
    "Orthodontic treatment for children is covered at 50 percent up to a lifetime maximum of 1,500 dollars. " +
    "Crowns and bridges are covered at 50 percent after a waiting period of twelve months.",
];
const ACUPUNCTURE_QUESTION = "What is the copay for acupuncture visits?";
/** Agents whose refusal decision refuses every question (p(answerable) is never above 1): the not-found path, whatever was retrieved. */
const REFUSING_AGENT_KIND = "agent-refusing";

let tdb: TestDatabase;
let repos: Repositories;
let blobDir: string;
let system: ActorSystem;
/** User A owns the acupuncture plan, user B the dental plan. */
let userA: string;
let userB: string;
let docA: string;
let docB: string;
/** Stream events the agent published, by stream id. */
const published = new Map<string, ChatStreamEvent[]>();

beforeAll(async () => {
  tdb = await openTestDatabase();
  repos = tdb.repos;
  blobDir = await mkdtemp(join(tmpdir(), "navigator-agent-"));
  const blobs = createFileBlobStore(blobDir);
  const logger = createRecordingLogger();
  const clock = { now: () => Date.now() };
  const embedder = createHashedEmbedder();
  const queue = createRecordingQueue();
  const documents = createDocumentService({ repos, blobs, queue });
  const ingest = async (userId: string, filename: string, pages: string[]) => {
    const { document } = await documents.submit(userId, { filename, bytes: makePdf(pages) });
    const result = await runIngestion({ repos, blobs, embedder, events: createJobEventBus(), logger, clock }, queue.enqueued.at(-1)!);
    expect(result.status).toBe("complete");
    return document.id;
  };
  userA = (await createTestUser(repos, "a")).id;
  userB = (await createTestUser(repos, "b")).id;
  docA = await ingest(userA, "zorblax.pdf", ACUPUNCTURE_PLAN);
  docB = await ingest(userB, "quillfeather.pdf", DENTAL_PLAN);

  const retrieverDeps = {
    embedder,
    search: (userId: string, vector: Float32Array, o: Parameters<typeof repos.chunks.search>[2]) => repos.chunks.search(userId, vector, o),
    textSearch: (userId: string, text: string, o: Parameters<typeof repos.chunkText.searchText>[2]) => repos.chunkText.searchText(userId, text, o),
    rerank: (q: string, c: Parameters<typeof rerank>[1]) => rerank(q, c),
    units: { version: (userId: string, model: string) => repos.chunks.unitsVersion(userId, model), load: (userId: string, model: string) => repos.chunks.listUnits(userId, model) },
  };
  const retriever = createRetriever(retrieverDeps, { similarityThreshold: HASHED_SIMILARITY_THRESHOLD });
  const refusing = createRetriever(retrieverDeps, { similarityThreshold: HASHED_SIMILARITY_THRESHOLD, refusal: { ...DEFAULT_REFUSAL_MODEL, threshold: 1.01 } });
  system = createActorSystem({ logger, clock });
  const streams = {
    publish: (id: string, event: ChatStreamEvent) => void (published.get(id) ?? published.set(id, []).get(id)!).push(event),
    flush: async () => {},
  };
  system.register(USER_AGENT_KIND, createUserAgentBehavior({ repos, retriever, synthesizer: createExtractiveSynthesizer(), clock, streams }));
  system.register(REFUSING_AGENT_KIND, createUserAgentBehavior({ repos, retriever: refusing, synthesizer: createExtractiveSynthesizer(), clock, streams }));
}, DB_OPEN_TIMEOUT_MS);

afterAll(async () => {
  await system?.shutdown();
  await tdb?.close();
  if (blobDir) await rm(blobDir, { recursive: true, force: true });
});

// Replies are checked in their public JSON (http/views/chat-reply.ts), which is also the stored format.
const agentRef = (userId: string): ActorRef<ChatRequest, ChatTurnResult> => system.ref(USER_AGENT_KIND, userId);
const agent = (userId: string) => ({
  ask: async (request: ChatRequest): Promise<ChatReply> => chatReplyView(await agentRef(userId).ask(request)),
});
const chat = (userId: string, message: string, conversationId?: string) =>
  agent(userId).ask({ type: "chat", v: 1, userId, message, ...(conversationId ? { conversationId } : {}) });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e,
  );
}

describe("UserAgent", () => {
  test("answers from the user's own document, citing it", async () => {
    const reply = await chat(userA, ACUPUNCTURE_QUESTION);
    expect(reply.found).toBe(true);
    expect(reply.response).toContain("77");
    expect(reply.sources.length).toBeGreaterThan(0);
    expect(reply.sources[0]).toMatchObject({ document_id: docA, filename: "zorblax.pdf", page: 1 });
    for (const s of reply.sources) expect(s.document_id).toBe(docA);
  });

  test("never answers from another user's documents", async () => {
    const reply = await chat(userB, ACUPUNCTURE_QUESTION);
    expect(reply.sources.map((s) => s.document_id)).not.toContain(docA);
    expect(reply.response).not.toContain("77");
    if (reply.found) for (const s of reply.sources) expect(s.document_id).toBe(docB);
    const own = await chat(userB, "How many routine cleanings per year does the dental plan cover?");
    expect(own.found).toBe(true);
    expect(own.sources[0]?.document_id).toBe(docB);
  });

  test("a refused question lists the user's own nearest passages, never another user's, and cites none; nothing retrieved lists none", async () => {
    // Both users' plans have a deductible: a refused question about it retrieves each one's own.
    const ask = (userId: string, message: string, stream?: string) =>
      system.ref<ChatRequest, ChatTurnResult>(REFUSING_AGENT_KIND, userId).ask({ type: "chat", v: 1, userId, message, ...(stream ? { stream } : {}) });
    const stream = crypto.randomUUID();
    const result = await ask(userB, "What is the deductible of the plan?", stream);
    const reply = chatReplyView(result);
    expect(reply.found).toBe(false);
    expect(reply.sources_role).toBe("nearest");
    expect(reply.sources.length).toBeGreaterThan(0);
    for (const s of reply.sources) expect(s).toMatchObject({ document_id: docB, filename: "quillfeather.pdf" });
    expect(reply.sources.map((s) => s.text).join(" ")).toContain("dental deductible");
    // Not an answer: the not-found sentence whole, then the pages; nothing of the text quoted, no [n] marker.
    expect(reply.response).toStartWith(`${NOT_FOUND_TEXTS.en} These pages came closest: quillfeather.pdf p. 1.`);
    expect(reply.response).not.toMatch(/\[\d+\]|50 dollars|zorblax/i);
    expect(reply.next_steps).toEqual([]);
    // The stream says so before the answer; the stored message keeps the role for the conversation view.
    const events = (published.get(stream) ?? []).map(chatStreamEventView);
    expect(events.find((e) => e.type === "sources")).toEqual({ type: "sources", sources: reply.sources, sources_role: "nearest" });
    const stored = await repos.conversations.messages(userB, reply.conversation_id);
    expect(stored[1]).toMatchObject({ found: false, sources: reply.sources, metadata: { sources_role: "nearest" } });
    // User A, same question: A's own plan only.
    const a = chatReplyView(await ask(userA, "What is the deductible of the plan?"));
    expect(a).toMatchObject({ found: false, sources_role: "nearest" });
    for (const s of a.sources) expect(s.document_id).toBe(docA);
    // A question nothing retrieves: the not-found sentence alone, no sources.
    const unrelated = chatReplyView(await ask(userB, "Who won the football match yesterday?"));
    expect(unrelated).toMatchObject({ found: false, response: NOT_FOUND_TEXTS.en, sources: [], sources_role: "answer" });
  });

  test("answers for the user it is addressed to, whatever the message's userId says", async () => {
    const reply = await agent(userB).ask({ type: "chat", v: 1, userId: userA, message: ACUPUNCTURE_QUESTION });
    expect(reply.sources.map((s) => s.document_id)).not.toContain(docA);
    expect(await repos.conversations.get(userB, reply.conversation_id)).toBeDefined();
    expect(await repos.conversations.get(userA, reply.conversation_id)).toBeUndefined();
  });

  test("persists the conversation: a second turn with its id appends, in order, with sources", async () => {
    const user = await createTestUser(repos);
    const q1 = `${ACUPUNCTURE_QUESTION} ${"Please answer in detail. ".repeat(5)}`;
    const first = await chat(user.id, q1);
    expect(first.found).toBe(false); // this user has no documents
    expect(first.sources).toEqual([]);
    const second = await chat(user.id, "And the deductible?", first.conversation_id);
    expect(second.conversation_id).toBe(first.conversation_id);

    const conv = await repos.conversations.get(user.id, first.conversation_id);
    expect(conv?.title).toBe(q1.slice(0, CONVERSATION_TITLE_CHARS));
    const msgs = await repos.conversations.messages(user.id, first.conversation_id);
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ["user", q1],
      ["assistant", first.response],
      ["user", "And the deductible?"],
      ["assistant", second.response],
    ]);
    expect(msgs.map((m) => m.found)).toEqual([null, false, null, second.found]);
    expect((await repos.conversations.list(user.id)).map((c) => c.id)).toEqual([first.conversation_id]);
  });

  test("stores the sources and metadata on the assistant's message", async () => {
    const first = await chat(userA, ACUPUNCTURE_QUESTION);
    const second = await chat(userA, "What is the annual deductible?", first.conversation_id);
    expect(first.sources.length).toBeGreaterThan(0);
    expect(second.found).toBe(true);
    const msgs = await repos.conversations.messages(userA, first.conversation_id);
    expect(msgs.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(msgs[1]!.sources).toEqual([...first.sources]);
    expect(msgs[3]!.sources).toEqual([...second.sources]);
    expect(msgs[0]!.sources).toEqual([]);
    // The assistant's stored metadata is the reply's plus what GET /api/v2/conversations/:id shows.
    const stored = (r: ChatReply) => ({ ...r.metadata, language: r.language, sources_role: r.sources_role, next_steps: r.next_steps, suggested_questions: r.suggested_questions });
    expect(msgs[1]!.metadata).toEqual(stored(first));
    expect(msgs[3]!.metadata).toEqual(stored(second));
  });

  test("an unknown or another user's conversation id is NotFoundError, and nothing is stored", async () => {
    const unknown = crypto.randomUUID();
    const err = await rejection(chat(userA, "hello?", unknown));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ entity: "conversation", id: unknown, code: "not_found" });
    expect(await repos.conversations.get(userA, unknown)).toBeUndefined();

    const owner = await createTestUser(repos);
    const intruder = await createTestUser(repos);
    const theirs = await chat(owner.id, ACUPUNCTURE_QUESTION);
    const stolen = await rejection(chat(intruder.id, "What did they ask?", theirs.conversation_id));
    expect(stolen).toBeInstanceOf(NotFoundError);
    expect(await repos.conversations.messages(owner.id, theirs.conversation_id)).toHaveLength(2);
    expect(await repos.conversations.list(intruder.id)).toEqual([]);
  });

  test("an unsupported message version or type is UnsupportedMessageError", async () => {
    const user = await createTestUser(repos);
    const v2 = await rejection(agent(user.id).ask({ type: "chat", v: 2, userId: user.id, message: "hi" } as unknown as ChatRequest));
    expect(v2).toBeInstanceOf(UnsupportedMessageError);
    expect(v2).toMatchObject({ messageType: "chat", version: 2 });
    const other = await rejection(agent(user.id).ask({ type: "ingest", v: 1 } as unknown as ChatRequest));
    expect(other).toBeInstanceOf(UnsupportedMessageError);
    expect(await repos.conversations.list(user.id)).toEqual([]);
    // The agent still answers afterwards.
    expect((await chat(user.id, "hello")).conversation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a follow-up is rewritten from the stored turn; the next follow-up builds on the stored rewrite", async () => {
    const first = await chat(userA, "What is the copay for acupuncture visits?");
    expect(first.metadata.rewritten_question).toBeUndefined();
    const second = await chat(userA, "and chiropractic care?", first.conversation_id);
    expect(second.metadata.rewritten_question).toBe("What is the copay for chiropractic care?");
    expect(second.response).toContain("35");
    expect(second.response).not.toContain("77");
    const third = await chat(userA, "does it need a referral?", first.conversation_id);
    expect(third.metadata.rewritten_question).toBe("Does chiropractic care need a referral?");
    const msgs = await repos.conversations.messages(userA, first.conversation_id);
    expect(msgs.map((m) => m.metadata.rewritten_question)).toEqual([undefined, undefined, undefined, second.metadata.rewritten_question, undefined, third.metadata.rewritten_question]);
    // Without the conversation the same words are not rewritten.
    expect((await chat(userA, "and chiropractic care?")).metadata.rewritten_question).toBeUndefined();
  });

  test("a streamed turn publishes meta (conversation, language, rewrite), then sources, then deltas making up the response", async () => {
    const first = await chat(userA, ACUPUNCTURE_QUESTION);
    const stream = crypto.randomUUID();
    const reply = await agent(userA).ask({ type: "chat", v: 1, userId: userA, message: "and chiropractic care?", conversationId: first.conversation_id, stream });
    const events = (published.get(stream) ?? []).map(chatStreamEventView);
    expect(events[0]).toEqual({ type: "meta", conversation_id: first.conversation_id, language: "en", rewritten_question: "What is the copay for chiropractic care?" });
    expect(events[1]?.type).toBe("sources");
    const deltas = events.slice(2);
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((e) => e.type === "delta")).toBe(true);
    expect(deltas.map((e) => (e.type === "delta" ? e.text : "")).join("")).toBe(reply.response);
  });

  test("a Spanish question is answered in Spanish, with Spanish suggestions; the steps are timed", async () => {
    const reply = await chat(userA, "¿Cuánto cuesta el copago de acupuntura por visita?");
    expect(reply.language).toBe("es");
    expect(reply.found).toBe(true);
    expect(reply.response).toStartWith("Según su documento ");
    expect(reply.response).toContain("77");
    expect(reply.suggested_questions.length).toBeGreaterThan(0);
    for (const q of reply.suggested_questions) expect(q).toStartWith("¿");
    expect(Object.keys(reply.metadata.steps)).toEqual(["input_ms", "rewrite_ms", "retrieval_ms", "screen_ms", "synthesis_ms", "output_ms"]);
  });

  test("reply metadata names the node and the activation", async () => {
    const a = await chat(userA, ACUPUNCTURE_QUESTION);
    const b = await chat(userB, ACUPUNCTURE_QUESTION);
    expect(a.metadata.node_id).toBe(system.nodeId);
    expect(b.metadata.node_id).toBe(system.nodeId);
    expect(a.metadata.activation_id).toEqual(expect.any(String));
    expect(a.metadata.activation_id.length).toBeGreaterThan(0);
    expect(a.metadata.activation_id).not.toBe(b.metadata.activation_id);
    expect((await chat(userA, "What is the annual deductible?")).metadata.activation_id).toBe(a.metadata.activation_id);
    expect(a.metadata.provider).toBe("extractive");
    expect(Number.isFinite(a.metadata.retrieval_ms)).toBe(true);
    expect(a.metadata.retrieval_ms).toBeGreaterThanOrEqual(0);
    expect(a.metadata.processing_ms).toBeGreaterThanOrEqual(a.metadata.retrieval_ms);
  });
});
