/**
 * NATS transport (cluster): envelopes travel over core NATS on a connection the caller owns.
 * `ask` is a request/reply, `tell` a publish; the wire format is in ./wire.ts.
 *
 * Subjects (every token matches NATS_TOKEN_PATTERN):
 * - `${prefix}.node.${nodeId}`: node-addressed, one plain subscription per listening node;
 * - `${prefix}.kind.${kind}`: kind-addressed, a queue group of the same name, so exactly one of
 *   the nodes hosting `kind` gets each message (NATS picks one member of the group at random).
 *
 * Traces continue across nodes: the sender runs in a CLIENT span `actor.send <kind>` and injects
 * its W3C context in the headers; the receiver runs the handler in a SERVER span
 * `actor.receive <kind>` whose parent is that context.
 */

import {
  ClosedConnectionError,
  DrainingConnectionError,
  headers as natsHeaders,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
  type NatsConnection,
  type Subscription,
} from "@nats-io/transport-node";
import { AskTimeoutError, NodeUnreachableError, UnsupportedProtocolError } from "../errors.ts";
import { DEFAULT_ASK_TIMEOUT_MS } from "../options.ts";
import { askOutcomeOf, type RuntimeObserver } from "../observer.ts";
import { extractTrace, injectTrace, SpanKind, withSpan } from "../tracing/index.ts";
import type { Clock, DeliveryRoute, Envelope, ListenOptions, Logger, Transport } from "../types.ts";
import {
  decodeEnvelope,
  decodeReply,
  encodeEnvelope,
  encodeErrorReply,
  encodeReply,
  envelopeHeaders,
  HEADER_WIRE,
  headerBytes,
  PayloadTooLargeError,
  rebuildEnvelope,
  SUPPORTED_WIRE_VERSIONS,
} from "./wire.ts";

/** Default first tokens of every subject of the transport. */
export const DEFAULT_ACTOR_SUBJECT_PREFIX = "navigator.actors";
/**
 * What a node id, an actor kind and each token of the prefix must match: one NATS subject token
 * without wildcards, dots or whitespace (https://docs.nats.io/nats-concepts/subjects).
 */
export const NATS_TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Collaborators of `createNatsTransport`. */
export interface NatsTransportDeps {
  /** An open connection; it belongs to the caller (`close` does not close it). */
  readonly nc: NatsConnection;
  readonly logger: Logger;
  /** Source of epoch milliseconds for deadlines. Default: `Date.now`. */
  readonly clock?: Clock;
  /** Told how each request to another node settled, for metrics. */
  readonly observer?: RuntimeObserver;
}

/** Options of `createNatsTransport`. */
export interface NatsTransportOptions {
  /** Dot-separated tokens in front of every subject. Default: DEFAULT_ACTOR_SUBJECT_PREFIX. */
  readonly subjectPrefix?: string;
}

/** Handler that a listening node registers (see `Transport.listen`). */
type Handler = (envelope: Envelope, route: DeliveryRoute) => Promise<unknown>;

function checkToken(name: string, value: unknown): string {
  if (typeof value !== "string" || !NATS_TOKEN_PATTERN.test(value)) {
    throw new RangeError(`nats transport: "${name}" must match ${NATS_TOKEN_PATTERN}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Checks a subject prefix: dot-separated tokens, each matching NATS_TOKEN_PATTERN.
 * @throws RangeError naming `subjectPrefix`.
 */
export function checkSubjectPrefix(prefix: unknown): string {
  if (typeof prefix !== "string" || !prefix.split(".").every((token) => NATS_TOKEN_PATTERN.test(token))) {
    throw new RangeError(`nats transport: "subjectPrefix" must be dot-separated tokens matching ${NATS_TOKEN_PATTERN}, got ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** The node-addressed subject of `nodeId`. @throws RangeError when `nodeId` is not a token. */
export function nodeSubject(nodeId: string, prefix: string = DEFAULT_ACTOR_SUBJECT_PREFIX): string {
  return `${prefix}.node.${checkToken("nodeId", nodeId)}`;
}

/** The kind-addressed subject (and queue group) of `kind`. @throws RangeError when not a token. */
export function kindSubject(kind: string, prefix: string = DEFAULT_ACTOR_SUBJECT_PREFIX): string {
  return `${prefix}.kind.${checkToken("kind", kind)}`;
}

function isNoResponders(error: unknown): boolean {
  return error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders());
}

/**
 * Creates a NATS transport on `deps.nc`.
 * - `send(nodeId, e)` / `sendToKind(kind, e)`: asks are `nc.request` with a timeout of the time left
 *   until `e.deadline` (at least 1 ms; without a deadline `e.timeoutMs`, else
 *   DEFAULT_ASK_TIMEOUT_MS); tells are `nc.publish` (a tell to a node nobody listens on is lost
 *   silently: core NATS has no acknowledgement for publishes). Errors: no responders, a closed or
 *   draining connection, or a send after `close` → NodeUnreachableError (`nodeId`, or
 *   `"kind:" + kind`); NATS timeout → AskTimeoutError(e.to, e.timeoutMs); message above the
 *   server's `max_payload` → PayloadTooLargeError; RangeError when `nodeId`/`kind` is not a token;
 *   TypeError when the message is not JSON-serialisable; the remote handler's error rebuilt by
 *   `errorFromWire` (runtime classes keep class and code, others arrive as RemoteError).
 * - `listen(nodeId, handler, {kinds})`: subscribes the node subject and one queue group per kind,
 *   resolves once the server has them. Messages are handled concurrently. Rejects with RangeError
 *   on a non-token id or kind, Error when `nodeId` already listens here or after `close`.
 * - `close()`: drains this transport's subscriptions (the connection stays open, so replies to
 *   messages already being handled still go out). Idempotent.
 * @throws RangeError when `options.subjectPrefix` is not dot-separated tokens.
 */
export function createNatsTransport(deps: NatsTransportDeps, options: NatsTransportOptions = {}): Transport {
  const { nc } = deps;
  const prefix = checkSubjectPrefix(options.subjectPrefix ?? DEFAULT_ACTOR_SUBJECT_PREFIX);
  const logger = deps.logger.child({ component: "nats-transport" });
  const clock: Clock = deps.clock ?? { now: () => Date.now() };
  const listeners = new Map<string, Subscription[]>();
  let closed = false;

  function remainingMs(envelope: Envelope, now: number): number {
    if (envelope.deadline === undefined) return envelope.timeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
    return Math.max(1, Math.ceil(envelope.deadline - now));
  }

  function mapSendError(error: unknown, target: string, envelope: Envelope, timeoutMs: number): unknown {
    if (isNoResponders(error)) return new NodeUnreachableError(target, { cause: error });
    if (error instanceof TimeoutError) return new AskTimeoutError(envelope.to, envelope.timeoutMs ?? timeoutMs, { cause: error });
    if (error instanceof ClosedConnectionError || error instanceof DrainingConnectionError || error instanceof RequestError) {
      return new NodeUnreachableError(target, { cause: error });
    }
    return error;
  }

  async function deliver(subject: string, target: string, envelope: Envelope): Promise<unknown> {
    if (closed || nc.isClosed() || nc.isDraining()) throw new NodeUnreachableError(target);
    const { kind, id } = envelope.to;
    const attributes = { "messaging.system": "nats", "messaging.destination.name": subject, "actor.kind": kind, "actor.id": id, "actor.mode": envelope.mode };
    return withSpan(`actor.send ${kind}`, attributes, async () => {
      const now = clock.now();
      const ask = envelope.mode === "ask";
      const timeoutMs = ask ? remainingMs(envelope, now) : 0;
      const data = encodeEnvelope(envelope);
      const record = envelopeHeaders(envelope, now, ask ? timeoutMs : undefined, injectTrace());
      const maxBytes = nc.info?.max_payload;
      const bytes = data.length + headerBytes(record);
      if (maxBytes !== undefined && bytes > maxBytes) throw new PayloadTooLargeError(bytes, maxBytes);
      const h = natsHeaders();
      for (const [key, value] of Object.entries(record)) h.set(key, value);
      try {
        if (!ask) return void nc.publish(subject, data, { headers: h });
        const startedAt = performance.now();
        const reply = await nc.request(subject, data, { timeout: timeoutMs, headers: h }).catch((error: unknown) => {
          const mapped = mapSendError(error, target, envelope, timeoutMs);
          deps.observer?.natsRequest?.(kind, askOutcomeOf(mapped), (performance.now() - startedAt) / 1000);
          throw mapped;
        });
        deps.observer?.natsRequest?.(kind, "ok", (performance.now() - startedAt) / 1000);
        return decodeReply(reply.data, envelope.to);
      } catch (error) {
        throw mapSendError(error, target, envelope, timeoutMs);
      }
    }, { kind: SpanKind.CLIENT });
  }

  function respond(msg: Msg, body: Uint8Array): void {
    if (!msg.reply) return;
    try {
      msg.respond(body);
    } catch (error) {
      const maxBytes = nc.info?.max_payload ?? 0;
      logger.warn({ err: error, subject: msg.subject, bytes: body.length }, "nats transport: reply could not be sent");
      if (body.length > maxBytes) {
        try {
          msg.respond(encodeErrorReply(new PayloadTooLargeError(body.length, maxBytes)));
        } catch {
          // the connection is gone: the caller times out
        }
      }
    }
  }

  async function handleIncoming(msg: Msg, route: DeliveryRoute, handler: Handler): Promise<void> {
    const get = (header: string) => msg.headers?.get(header) || undefined;
    const version = get(HEADER_WIRE) ?? "";
    if (!SUPPORTED_WIRE_VERSIONS.some((v) => String(v) === version)) {
      logger.warn({ subject: msg.subject, wire: version }, "nats transport: unsupported wire version, refused");
      return respond(msg, encodeErrorReply(new UnsupportedProtocolError(version, SUPPORTED_WIRE_VERSIONS)));
    }
    let envelope: Envelope;
    try {
      envelope = rebuildEnvelope(decodeEnvelope(msg.data), get, clock.now());
    } catch (error) {
      logger.warn({ err: error, subject: msg.subject }, "nats transport: undecodable envelope, refused");
      return respond(msg, encodeErrorReply(error));
    }
    const { kind, id } = envelope.to;
    const attributes = { "messaging.system": "nats", "messaging.destination.name": msg.subject, "actor.kind": kind, "actor.id": id, "actor.mode": envelope.mode, "actor.route": route };
    try {
      const parent = extractTrace(get);
      const value = await withSpan(`actor.receive ${kind}`, attributes, () => handler(envelope, route), { kind: SpanKind.SERVER, parent });
      respond(msg, encodeReply(value));
    } catch (error) {
      if (!msg.reply) return logger.debug({ err: error, address: envelope.to }, "nats transport: told message failed");
      respond(msg, encodeErrorReply(error));
    }
  }

  function subscribe(subject: string, route: DeliveryRoute, handler: Handler, queue?: string): Subscription {
    return nc.subscribe(subject, {
      ...(queue ? { queue } : {}),
      callback: (error, msg) => {
        if (error) return logger.warn({ err: error, subject }, "nats transport: subscription error");
        handleIncoming(msg, route, handler).catch((err: unknown) => logger.error({ err, subject }, "nats transport: handling failed"));
      },
    });
  }

  return {
    async send(nodeId, envelope) {
      return deliver(nodeSubject(nodeId, prefix), nodeId, envelope);
    },
    async sendToKind(kind, envelope) {
      return deliver(kindSubject(kind, prefix), `kind:${kind}`, envelope);
    },
    async listen(nodeId, handler, listenOptions: ListenOptions = {}) {
      const subject = nodeSubject(nodeId, prefix);
      const kinds = [...new Set(listenOptions.kinds ?? [])].map((kind) => kindSubject(kind, prefix));
      if (closed) throw new Error("nats transport: listen after close");
      if (listeners.has(nodeId)) throw new Error(`node "${nodeId}" is already listening on this transport`);
      const subs: Subscription[] = [];
      listeners.set(nodeId, subs);
      try {
        subs.push(subscribe(subject, "node", handler), ...kinds.map((k) => subscribe(k, "kind", handler, k)));
        await nc.flush();
      } catch (error) {
        listeners.delete(nodeId);
        for (const sub of subs) sub.unsubscribe();
        throw error;
      }
      logger.debug({ nodeId, subject, kinds: listenOptions.kinds ?? [] }, "nats transport: listening");
    },
    async close() {
      closed = true;
      const subs = [...listeners.values()].flat();
      listeners.clear();
      if (nc.isClosed()) return;
      await Promise.allSettled(subs.map((sub) => sub.drain()));
    },
  };
}
