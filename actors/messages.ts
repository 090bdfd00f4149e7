/**
 * The protocol between `http/` and the actors: typed, versioned messages. A message carries
 * `type` and `v`; an actor that receives an unknown `(type, v)` answers UnsupportedMessageError
 * instead of guessing. Bump `v` when a field changes meaning.
 */
import { NavigatorError } from "../runtime/index.ts";
import type { JobStatus } from "../db/index.ts";

/** Current protocol version of every message below. */
export const PROTOCOL_VERSION = 1;

/** Asks the user's agent to answer one chat turn. Sent to actor (`agent`, userId). */
export interface ChatRequest {
  readonly type: "chat";
  readonly v: 1;
  readonly userId: string;
  readonly message: string;
  /** Continue this conversation (must be the user's); absent starts a new one. */
  readonly conversationId?: string;
  /**
   * Stream id: when set, the agent publishes this turn's {@link ChatStreamEvent}s to it (through
   * the {@link ChatStreamPublisher} it was built with) while it works; the reply still comes back
   * as the ask's answer, and the HTTP side turns it into the `done` event.
   */
  readonly stream?: string;
}

/**
 * One event of a streamed chat turn, in the order the agent publishes them: `meta` once, then
 * `sources` once (the retrieved chunks the answer may cite, or its nearest passages when it found none), then
 * `delta` pieces whose concatenation is the result's `text` (at least one per sentence for the
 * extractive synthesizer, tokens for an LLM). `done` and `error` are not published by the agent:
 * the HTTP side derives them from the ask's result (and maps every event to the public JSON,
 * http/views/chat-reply.ts).
 */
export type ChatStreamEvent =
  | {
      readonly type: "meta";
      readonly conversationId: string;
      /** The standalone question retrieval used, when a follow-up was rewritten. */
      readonly rewrittenQuestion?: string;
      /** Language the answer is given in. */
      readonly language?: string;
    }
  | {
      readonly type: "sources";
      readonly sources: readonly TurnSource[];
      /** What the sources are ({@link SourcesRole}); known before synthesis, so a turn whose synthesis finds nothing says `nearest` in its result only. Absent: `answer`. */
      readonly role?: SourcesRole;
    }
  | { readonly type: "delta"; readonly text: string };

/**
 * What a turn's sources are: `answer` — the passages the answer cites (first) and the other
 * retrieved chunks it drew on; `nearest` — the answer found nothing (`found: false`), and the
 * sources are the retrieved passages that came closest, listed for the member to check, never
 * citations (none when retrieval found nothing, or the message was only instructions).
 */
export type SourcesRole = "answer" | "nearest";

/** Where a user agent publishes the events of streamed turns (in-process or over NATS). */
export interface ChatStreamPublisher {
  /** Publishes one event of stream `streamId`; never throws (a lost event only degrades the stream). */
  publish(streamId: string, event: ChatStreamEvent): void;
  /**
   * Resolves once the events published so far can reach their subscribers. Both buses resolve at
   * once: the embedded database runs in a worker thread (db/pglite), so the agent's next query
   * yields to the event loop, which writes the events meanwhile (it used to need a 1 ms pause when
   * PGlite ran on the event loop; test/streaming.test.ts fails with that setup and no pause).
   */
  flush(): Promise<void>;
}

/** One source of a chat turn: a passage the answer cites, or another retrieved chunk. */
export interface TurnSource {
  readonly documentId: string;
  readonly filename: string;
  /** 1-based physical PDF page (a chunk's first page). */
  readonly page: number;
  /** The chunk's ordinal in its document. */
  readonly chunkIndex: number;
  /** Cosine similarity to the question (unrounded). */
  readonly score: number;
  /** The chunk's text as stored (page changes are form feeds). */
  readonly text: string;
}

/** Prompt injection the agent neutralised in one turn. */
export interface TurnInjection {
  /** Kinds found in the question (its instruction clauses were not used). */
  readonly question: readonly string[];
  /** Retrieved chunks whose instruction sentences were removed (never shown to the synthesizer nor quoted). */
  readonly documents: readonly {
    readonly documentId: string;
    readonly filename: string;
    readonly chunkIndex: number;
    readonly page: number;
    readonly kinds: readonly string[];
  }[];
}

/**
 * The agent's answer to {@link ChatRequest}: the domain result of one chat turn. The HTTP API's
 * JSON (`response`, `conversation_id`, `metadata.processing_ms` …) is built from it by
 * http/views/chat-reply.ts; numbers here are unrounded.
 */
/** A document of the member still being read when the turn ran. */
export interface TurnPendingDocument {
  readonly documentId: string;
  readonly filename: string;
  /** Its job's status (`queued`, `parsing`, `ocr`, …). */
  readonly status: string;
}

/** A document of the member whose ingestion failed, with the reason. */
export interface TurnFailedDocument {
  readonly documentId: string;
  readonly filename: string;
  readonly code: string;
  readonly message: string;
}

export interface ChatTurnResult {
  /** The answer. */
  readonly text: string;
  /** False when the user's documents hold nothing that answers the question. */
  readonly found: boolean;
  readonly conversationId: string;
  /**
   * Found: cited passages first (`[n]` in the text is `sources[n - 1]`), then other retrieved
   * chunks. Not found: the nearest passages (`sourcesRole: "nearest"`), or none.
   */
  readonly sources: readonly TurnSource[];
  /** What {@link sources} are. */
  readonly sourcesRole: SourcesRole;
  /** Language of the answer, next steps and suggestions (BCP 47 primary tag: `"en"`, `"es"`): the question's. */
  readonly language: string;
  /** Why the answer language was chosen (the detector's evidence). */
  readonly languageReason?: string;
  /** What to do when the answer implies an action (prior authorization, referral, appeal deadline); often empty. */
  readonly nextSteps: readonly string[];
  /** Follow-up questions the user may ask next. */
  readonly suggestedQuestions: readonly string[];
  /** The member's documents still being read (the answer could not use them yet); absent: none. */
  readonly pendingDocuments?: readonly TurnPendingDocument[];
  /** The member's documents that failed to ingest, with the reason; absent: none. */
  readonly failedDocuments?: readonly TurnFailedDocument[];
  /** The standalone question retrieval used, when the message was a follow-up that was rewritten. */
  readonly rewrittenQuestion?: string;
  /** Prompt injection found and neutralised; absent when none. */
  readonly injection?: TurnInjection;
  /** Wall time of each workflow step, milliseconds (a skipped step is 0). */
  readonly steps: ChatStepTimings;
  /** Whole turn, milliseconds. */
  readonly processingMs: number;
  /** Embedding + search + rerank, milliseconds. */
  readonly retrievalMs: number;
  /** Which synthesizer answered, e.g. `"extractive"`. */
  readonly provider: string;
  /** Node and activation that served the turn (for operators and tests). */
  readonly nodeId: string;
  readonly activationId: string;
  /** When the agent started this turn, epoch milliseconds (the serving node's clock). */
  readonly startedAt: number;
  /** W3C trace id spanning HTTP → agent, when tracing is on (32 hex digits). */
  readonly traceId?: string;
  /** The plans the turn answered from, when the member has several (issue 12 plan scope). */
  readonly planScope?: TurnPlanScope;
}

/**
 * The plans a turn answered from: `named` (the question named them), `conversation` (kept from the
 * conversation's previous turn), `all` (the question named none: answered plan by plan). Each plan
 * with its label (plan name, else file name) and its documents.
 */
export interface TurnPlanScope {
  readonly reason: "named" | "conversation" | "all";
  readonly plans: readonly { readonly label: string; readonly documentIds: readonly string[] }[];
}

/** Milliseconds per step of the agent workflow (see actors/agent/workflow.ts), keyed `<step>_ms` as the workflow records them. */
export interface ChatStepTimings {
  readonly input_ms: number;
  readonly rewrite_ms: number;
  readonly retrieval_ms: number;
  readonly screen_ms: number;
  readonly synthesis_ms: number;
  readonly output_ms: number;
}

/** Asks an ingestion actor to run one job. Sent to actor (`ingestion`, documentId). */
export interface IngestDocument {
  readonly type: "ingest";
  readonly v: 1;
  readonly jobId: string;
  readonly userId: string;
  readonly documentId: string;
  /**
   * Set when a durable queue (cluster: JetStream) owns retries: the actor then makes exactly one
   * attempt, and a retryable failure before the last delivery is returned as `retry` instead of
   * failing the job. Absent (embedded default): the actor retries by itself.
   */
  readonly delivery?: {
    /** 1-based delivery number of this message. */
    readonly attempt: number;
    /** Deliveries the queue makes at most; the last one records a failure as final. */
    readonly maxAttempts: number;
  };
}

/** How an ingestion run ended. */
export interface IngestResult {
  readonly jobId: string;
  readonly status: JobStatus;
  readonly chunks: number;
  readonly pages: number;
  /** Wall time of the run, milliseconds. */
  readonly durationMs: number;
  /** Present when the attempt failed retryably and the queue should deliver the job again. */
  readonly retry?: { readonly code: string; readonly message: string };
  /** Node that ran the attempt. */
  readonly nodeId?: string;
}

/** A progress event of an ingestion job, published at every step. */
export interface JobEvent {
  readonly jobId: string;
  readonly userId: string;
  readonly documentId: string;
  readonly status: JobStatus;
  /** 0–100. */
  readonly pct: number;
  readonly error?: { readonly code: string; readonly message: string };
  /** Epoch milliseconds. */
  readonly at: number;
}

/** A message whose `(type, v)` this node does not understand. */
export class UnsupportedMessageError extends NavigatorError {
  readonly code = "unsupported_message";
  constructor(
    readonly messageType: unknown,
    readonly version: unknown,
  ) {
    super(`unsupported message ${String(messageType)} v${String(version)} (this node speaks v${PROTOCOL_VERSION})`);
  }
}
