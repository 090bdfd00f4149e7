/**
 * Wire format of the NATS transport (version 1): how an Envelope travels as a NATS message
 * (JSON payload + `Nav-*` headers) and how a reply or an error comes back (JSON). Pure functions,
 * no connection: the transport (./nats.ts) does the I/O.
 *
 * Request payload: `{ to: {kind, id}, message, mode, hops }` (UTF-8 JSON).
 * Reply payload: `{ ok: true, value }` or `{ ok: false, error: { code, name, message, fields } }`.
 */

import { NavigatorError } from "../error-base.ts";
import {
  ActorSystemStoppedError,
  AskTimeoutError,
  DeadLetterError,
  MailboxFullError,
  NodeUnreachableError,
  NotOwnerError,
  OverloadedError,
  RemoteError,
  UnknownActorKindError,
  UnsupportedProtocolError,
} from "../errors.ts";
import type { ActorAddress, Envelope } from "../types.ts";

/** The wire format version this node writes (header `Nav-Wire`). */
export const WIRE_VERSION = 1;
/** Wire format versions this node reads; anything else is answered with UnsupportedProtocolError. */
export const SUPPORTED_WIRE_VERSIONS: readonly number[] = [WIRE_VERSION];

/** Header: wire format version (decimal string). Required; missing or unknown → unsupported_protocol. */
export const HEADER_WIRE = "Nav-Wire";
/** Header: "ask" or "tell" (informational; the payload's `mode` is authoritative). */
export const HEADER_MODE = "Nav-Mode";
/** Header: the target actor's kind. */
export const HEADER_KIND = "Nav-Kind";
/** Header: the target actor's id. */
export const HEADER_ID = "Nav-Id";
/** Header: `message.type` when it is a string (lets tools route or count without decoding). */
export const HEADER_MSG_TYPE = "Nav-Msg-Type";
/** Header: `message.v` when it is a number (the message schema version). */
export const HEADER_MSG_VERSION = "Nav-Msg-Version";
/** Header: the caller's deadline, absolute epoch milliseconds of the caller's clock (asks only). */
export const HEADER_DEADLINE = "Nav-Deadline";
/**
 * Header: milliseconds left until the deadline when the message was sent (asks only). The receiver
 * rebuilds `deadline = its clock.now() + this`, so clock skew between hosts does not matter (the
 * time spent in flight is not subtracted: a fraction of a millisecond on a LAN).
 */
export const HEADER_TIMEOUT_MS = "Nav-Timeout-Ms";
/** Header: the caller's original ask timeout in milliseconds (`Envelope.timeoutMs`). */
export const HEADER_ASK_TIMEOUT_MS = "Nav-Ask-Timeout-Ms";

/** The reply to an envelope that could not be decoded (not JSON, or not an envelope's shape). */
export class BadEnvelopeError extends NavigatorError {
  readonly code = "bad_envelope";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A message (request or reply) larger than the NATS server accepts (`max_payload`, bytes). */
export class PayloadTooLargeError extends NavigatorError {
  readonly code = "payload_too_large";
  constructor(
    /** Size of the NATS message, payload plus headers, in bytes. */
    readonly bytes: number,
    /** The server's `max_payload`, in bytes (nats-server default: 1 MiB). */
    readonly maxBytes: number,
    options?: { cause?: unknown },
  ) {
    super(`NATS message of ${bytes} bytes exceeds the server's max_payload of ${maxBytes} bytes`, options);
  }
}

/** An error as it travels in a reply. `fields`: the error's own enumerable JSON-safe properties. */
export interface WireError {
  readonly code: string;
  readonly name: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What `decodeEnvelope` returns: the payload part of an envelope (no deadline yet). */
export interface WirePayload {
  readonly to: ActorAddress;
  readonly message: unknown;
  readonly mode: "ask" | "tell";
  readonly hops: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const OMITTED_FIELDS = new Set(["stack", "cause", "message", "name", "code"]);

/**
 * Encodes the payload of `envelope` as UTF-8 JSON.
 * @throws TypeError when the message is not JSON-serialisable (cycles, BigInt).
 */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const { to, message, mode } = envelope;
  try {
    return encoder.encode(JSON.stringify({ to: { kind: to.kind, id: to.id }, message, mode, hops: envelope.hops ?? 0 }));
  } catch (error) {
    throw new TypeError(`message to actor ${to.kind}/${to.id} is not JSON-serialisable: ${String(error)}`, { cause: error });
  }
}

/**
 * Decodes a request payload.
 * @throws BadEnvelopeError when it is not JSON or lacks `to.kind`/`to.id` strings or a valid `mode`.
 */
export function decodeEnvelope(data: Uint8Array): WirePayload {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch (error) {
    throw new BadEnvelopeError(`envelope is not valid JSON: ${String(error)}`, { cause: error });
  }
  const p = raw as Partial<WirePayload> | null;
  const to = p?.to as Partial<ActorAddress> | undefined;
  if (typeof to?.kind !== "string" || typeof to.id !== "string" || (p?.mode !== "ask" && p?.mode !== "tell")) {
    throw new BadEnvelopeError("envelope lacks to.kind/to.id strings or mode \"ask\"|\"tell\"");
  }
  const hops = typeof p.hops === "number" && Number.isInteger(p.hops) && p.hops >= 0 ? p.hops : 0;
  return { to: { kind: to.kind, id: to.id }, message: p.message, mode: p.mode, hops };
}

/**
 * The headers of `envelope` sent at `nowMs` (epoch ms) with `remainingMs` left (asks only), plus
 * the trace propagation headers (`traceparent`/`tracestate`) in `trace`.
 */
export function envelopeHeaders(
  envelope: Envelope,
  nowMs: number,
  remainingMs: number | undefined,
  trace: Readonly<Record<string, string>>,
): Record<string, string> {
  const h: Record<string, string> = {
    [HEADER_WIRE]: String(WIRE_VERSION),
    [HEADER_MODE]: envelope.mode,
    [HEADER_KIND]: envelope.to.kind,
    [HEADER_ID]: envelope.to.id,
  };
  const message = envelope.message as { type?: unknown; v?: unknown } | null | undefined;
  if (typeof message?.type === "string") h[HEADER_MSG_TYPE] = message.type;
  if (typeof message?.v === "number") h[HEADER_MSG_VERSION] = String(message.v);
  if (remainingMs !== undefined) {
    h[HEADER_DEADLINE] = String(envelope.deadline ?? nowMs + remainingMs);
    h[HEADER_TIMEOUT_MS] = String(remainingMs);
  }
  if (envelope.timeoutMs !== undefined) h[HEADER_ASK_TIMEOUT_MS] = String(envelope.timeoutMs);
  for (const [key, value] of Object.entries(trace)) h[key] = value;
  return h;
}

/** Size in bytes of `headers` as NATS encodes them (`NATS/1.0\r\n`, `k: v\r\n` each, `\r\n`). */
export function headerBytes(headers: Readonly<Record<string, string>>): number {
  let bytes = "NATS/1.0\r\n\r\n".length;
  for (const [key, value] of Object.entries(headers)) bytes += encoder.encode(`${key}: ${value}\r\n`).length;
  return bytes;
}

/**
 * Rebuilds the Envelope from its payload and headers (read by `get`), on the receiver's clock:
 * `deadline = nowMs + Nav-Timeout-Ms` (or `Nav-Deadline` verbatim when the former is absent).
 */
export function rebuildEnvelope(payload: WirePayload, get: (header: string) => string | undefined, nowMs: number): Envelope {
  const number = (header: string) => {
    const text = get(header);
    const value = text ? Number(text) : Number.NaN;
    return Number.isFinite(value) ? value : undefined;
  };
  const remaining = number(HEADER_TIMEOUT_MS);
  const deadline = payload.mode !== "ask" ? undefined : remaining !== undefined ? nowMs + remaining : number(HEADER_DEADLINE);
  const timeoutMs = number(HEADER_ASK_TIMEOUT_MS);
  return {
    to: payload.to,
    message: payload.message,
    mode: payload.mode,
    hops: payload.hops,
    ...(deadline !== undefined ? { deadline } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}

/** Converts anything thrown into its wire form; without a string `code` the code is "internal". */
export function errorToWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { code: "internal", name: "Error", message: String(error), fields: {} };
  const code = (error as { code?: unknown }).code;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (OMITTED_FIELDS.has(key) || value === undefined || typeof value === "function") continue;
    try {
      if (JSON.stringify(value) !== undefined) fields[key] = value;
    } catch {
      // cycles or BigInt: not JSON-safe, left out
    }
  }
  return { code: typeof code === "string" ? code : "internal", name: error.name, message: error.message, fields };
}

/**
 * Rebuilds an error from its wire form: the runtime's own classes for the codes of
 * `ActorRuntimeErrorCode` (so `instanceof` and `code` work; `to` fills a missing address),
 * BadEnvelopeError / PayloadTooLargeError for the transport's codes, RemoteError otherwise.
 */
export function errorFromWire(wire: WireError, to: ActorAddress): Error {
  const f = wire.fields ?? {};
  const str = (key: string, fallback: string) => (typeof f[key] === "string" ? (f[key] as string) : fallback);
  const num = (key: string) => (typeof f[key] === "number" ? (f[key] as number) : 0);
  const a = f.address as Partial<ActorAddress> | undefined;
  const address = typeof a?.kind === "string" && typeof a.id === "string" ? { kind: a.kind, id: a.id } : to;
  switch (wire.code) {
    case "mailbox_full": return new MailboxFullError(address, num("capacity"));
    case "ask_timeout": return new AskTimeoutError(address, num("timeoutMs"));
    case "dead_letter": return new DeadLetterError(address);
    case "system_stopped": return new ActorSystemStoppedError();
    case "unknown_actor_kind": return new UnknownActorKindError(str("kind", to.kind));
    // `undelivered` crosses the wire as sent: absent means the remote node cannot vouch that no
    // actor saw the message, so the sender must not route it again.
    case "node_unreachable": return Object.assign(new NodeUnreachableError(str("nodeId", "unknown")), { undelivered: f.undelivered === true });
    case "not_owner": return Object.assign(new NotOwnerError(address, str("nodeId", "unknown")), { undelivered: f.undelivered === true });
    case "overloaded": return new OverloadedError(str("kind", to.kind), num("limit"));
    case "unsupported_protocol": {
      const supported = Array.isArray(f.supported) ? f.supported.filter((v): v is number => typeof v === "number") : [];
      return new UnsupportedProtocolError(str("received", ""), supported);
    }
    case "bad_envelope": return new BadEnvelopeError(wire.message);
    case "payload_too_large": return new PayloadTooLargeError(num("bytes"), num("maxBytes"));
    default: return new RemoteError(String(wire.code), String(wire.name), String(wire.message), f);
  }
}

/**
 * Encodes a successful reply. A value JSON cannot encode becomes an error reply (code "internal").
 */
export function encodeReply(value: unknown): Uint8Array {
  try {
    return encoder.encode(JSON.stringify({ ok: true, value }));
  } catch (error) {
    return encodeErrorReply(new TypeError(`reply is not JSON-serialisable: ${String(error)}`));
  }
}

/** Encodes an error reply (see `errorToWire`). */
export function encodeErrorReply(error: unknown): Uint8Array {
  return encoder.encode(JSON.stringify({ ok: false, error: errorToWire(error) }));
}

/**
 * Decodes a reply: returns `value` of `{ok: true}`.
 * @throws the rebuilt error of `{ok: false}` (see `errorFromWire`); BadEnvelopeError when the
 *   reply is not a reply.
 */
export function decodeReply(data: Uint8Array, to: ActorAddress): unknown {
  let reply: { ok?: unknown; value?: unknown; error?: Partial<WireError> } | null;
  try {
    reply = JSON.parse(decoder.decode(data));
  } catch (error) {
    throw new BadEnvelopeError(`reply from actor ${to.kind}/${to.id} is not valid JSON`, { cause: error });
  }
  if (reply?.ok === true) return reply.value;
  const e = reply?.ok === false ? reply.error : undefined;
  if (!e || typeof e !== "object") throw new BadEnvelopeError(`reply from actor ${to.kind}/${to.id} is not a reply`);
  const fields = e.fields && typeof e.fields === "object" ? e.fields : {};
  throw errorFromWire(
    { code: typeof e.code === "string" ? e.code : "internal", name: String(e.name ?? "Error"), message: String(e.message ?? ""), fields },
    to,
  );
}
