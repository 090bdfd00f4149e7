/**
 * Per-user quotas on uploads: documents kept, bytes stored, uploads per hour. Checked before an
 * upload is stored; shown by `GET /api/v2/account`. The hourly counter lives with the rate-limit
 * counters (NATS KV in a cluster), so deleting documents does not give uploads back.
 */
import type { UserRepository } from "../../db/index.ts";
import type { CounterStore } from "../../runtime/counters/index.ts";
import { LimitError } from "../errors.ts";

/** Documents one user may keep. */
export const DEFAULT_MAX_DOCUMENTS_PER_USER = 100;
/** Bytes of uploaded files one user may keep (500 MiB: twenty 25 MiB plan documents). */
export const DEFAULT_MAX_STORED_BYTES_PER_USER = 500 * 1024 * 1024;
/** Uploads one user may make per hour (accepted or not, once past authentication). */
export const DEFAULT_MAX_UPLOADS_PER_HOUR = 30;
/** Window of the upload counter, milliseconds. */
export const UPLOAD_WINDOW_MS = 60 * 60_000;

/** Quota settings. */
export interface QuotaOptions {
  readonly maxDocuments: number;
  readonly maxStoredBytes: number;
  readonly maxUploadsPerHour: number;
}

/** Defaults of {@link QuotaOptions}. */
export const DEFAULT_QUOTAS: QuotaOptions = {
  maxDocuments: DEFAULT_MAX_DOCUMENTS_PER_USER,
  maxStoredBytes: DEFAULT_MAX_STORED_BYTES_PER_USER,
  maxUploadsPerHour: DEFAULT_MAX_UPLOADS_PER_HOUR,
};

/** A user's usage against the quotas, as the API shows it. */
export interface QuotaUsage {
  readonly documents: number;
  readonly stored_bytes: number;
  readonly uploads_this_hour: number;
}

/** Quota checks. */
export interface Quotas {
  readonly limits: QuotaOptions;
  /**
   * Counts an upload of `bytes` and refuses it when over a quota.
   * @throws LimitError `upload_rate_limited` (429, Retry-After to the end of the hour window) |
   *   `document_quota_exceeded` (413) | `storage_quota_exceeded` (413).
   */
  admit(userId: string, bytes: number): Promise<void>;
  usage(userId: string): Promise<QuotaUsage>;
}

/** Creates the quota checks. */
export function createQuotas(
  deps: { users: Pick<UserRepository, "usage">; counters: CounterStore; clock?: { now(): number } },
  options: Partial<QuotaOptions> = {},
): Quotas {
  const limits = { ...DEFAULT_QUOTAS, ...options };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`quotas: ${name} must be a positive integer`);
  }
  const now = () => (deps.clock ?? Date).now();
  const key = (userId: string) => `uploads:${userId}`;
  return {
    limits,
    async admit(userId, bytes) {
      const hit = await deps.counters.hit(key(userId), UPLOAD_WINDOW_MS);
      if (hit.count > limits.maxUploadsPerHour) {
        const seconds = Math.max(1, Math.ceil((hit.resetAt - now()) / 1000));
        throw new LimitError("upload_rate_limited", `at most ${limits.maxUploadsPerHour} uploads per hour; try again in ${seconds} s`, seconds);
      }
      const usage = await deps.users.usage(userId);
      if (usage.documents + 1 > limits.maxDocuments) {
        throw new LimitError("document_quota_exceeded", `you have ${usage.documents} documents; the limit is ${limits.maxDocuments}: delete some first`);
      }
      if (usage.storedBytes + bytes > limits.maxStoredBytes) {
        throw new LimitError(
          "storage_quota_exceeded",
          `this upload (${bytes} bytes) would take your storage to ${usage.storedBytes + bytes} bytes; the limit is ${limits.maxStoredBytes} bytes`,
        );
      }
    },
    async usage(userId) {
      const [stored, uploads] = await Promise.all([deps.users.usage(userId), deps.counters.peek(key(userId), UPLOAD_WINDOW_MS)]);
      return { documents: stored.documents, stored_bytes: stored.storedBytes, uploads_this_hour: uploads.count };
    },
  };
}
