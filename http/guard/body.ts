/**
 * Request bodies read with a bound: the declared `Content-Length` is checked before reading, and
 * the bytes are counted while streaming (a chunked body, or one that lies about its length), so
 * no request makes the server hold more than its route's limit.
 */
import { RequestTooLargeError } from "../errors.ts";

/** Default limit of a JSON body (chat, auth, account), bytes: a 4,000-character message in UTF-8 with room to spare. */
export const DEFAULT_MAX_JSON_BODY_BYTES = 64 * 1024;
/** Room for multipart framing around an upload, bytes. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Path of the upload route, whose body limit is the upload limit plus framing. */
export const UPLOAD_PATH = "/api/v2/upload";

/** Body limits per route. */
export interface BodyLimits {
  /** JSON bodies, bytes. */
  readonly jsonBytes: number;
  /** Upload file, bytes (the multipart body may add {@link MULTIPART_OVERHEAD_BYTES}). */
  readonly uploadBytes: number;
}

/** The largest body `path` accepts, bytes. */
export function bodyLimitFor(path: string, limits: BodyLimits): number {
  return path === UPLOAD_PATH ? limits.uploadBytes + MULTIPART_OVERHEAD_BYTES : limits.jsonBytes;
}

/**
 * Refuses a request whose `Content-Length` is over `limitBytes` (or not a number).
 * @throws RequestTooLargeError (413).
 */
export function checkDeclaredLength(request: Request, limitBytes: number): void {
  const header = request.headers.get("content-length");
  if (header === null) return;
  const length = Number(header);
  if (!Number.isFinite(length) || length > limitBytes) throw new RequestTooLargeError(limitBytes, Number.isFinite(length) ? length : undefined);
}

/**
 * Reads the whole body, stopping (and cancelling the stream) as soon as it passes `limitBytes`.
 * @throws RequestTooLargeError (413).
 */
export async function readBounded(request: Request, limitBytes: number): Promise<Uint8Array> {
  checkDeclaredLength(request, limitBytes);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RequestTooLargeError(limitBytes);
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/** The path of a request URL (no query, no fragment), without building a URL object. */
export function requestPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}
