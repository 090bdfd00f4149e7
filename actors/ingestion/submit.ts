/**
 * Document submission: the synchronous half of an upload. Validates the bytes, derives the
 * document id, stores the bytes, records document + `queued` job, and queues the job.
 */
import { DuplicateDocumentError, type BlobStore, type DocumentRow, type JobRow, type Repositories } from "../../db/index.ts";
import { isPdfMagic } from "../../rag/pdf/index.ts";
import { IngestionError, EmptyFileError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.ts";
import type { IngestionQueue } from "./queue.ts";

/** Default upload limit: 25 MB (25 × 1024 × 1024 bytes). */
export const DEFAULT_MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/**
 * How far from the end `%%EOF` may sit. PDF 1.7 (ISO 32000-1) §7.5.5 puts it on the last line;
 * readers such as pdf.js and Acrobat accept it within the last 1,024 bytes.
 */
export const PDF_EOF_WINDOW_BYTES = 1024;

/** What the caller knows of an upload. */
export interface Upload {
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** Submits and deletes a user's documents. */
export interface DocumentService {
  /**
   * @throws EmptyFileError, PayloadTooLargeError, UnsupportedMediaTypeError,
   *   IngestionError(code "invalid_pdf") for a PDF cut short, DuplicateDocumentError (the same
   *   bytes are already this user's document and did not fail: a failed one is re-queued with a
   *   new job instead), or the
   *   queue's error (cluster: QueueUnavailableError) after undoing the upload.
   */
  submit(userId: string, upload: Upload): Promise<{ document: DocumentRow; job: JobRow }>;
  /** Deletes the document, its chunks and jobs, then its bytes. Returns false when not the user's. */
  delete(userId: string, documentId: string): Promise<boolean>;
  /**
   * The stored PDF of one of the user's documents, or undefined when it is not the user's (or its
   * bytes are gone).
   * @throws the blob store's error other than a missing key.
   */
  read(userId: string, documentId: string): Promise<{ filename: string; bytes: Uint8Array } | undefined>;
}

/** Creates the document service. `maxUploadBytes` defaults to {@link DEFAULT_MAX_UPLOAD_BYTES}. */
export function createDocumentService(
  deps: { repos: Repositories; blobs: BlobStore; queue: IngestionQueue },
  options: { maxUploadBytes?: number } = {},
): DocumentService {
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  if (!Number.isInteger(maxUploadBytes) || maxUploadBytes < 1) throw new RangeError(`maxUploadBytes must be a positive integer`);
  /** Re-queues a failed document with a new job (its bytes are stored again in case they went). */
  async function requeue(existing: DocumentRow, bytes: Uint8Array): Promise<{ document: DocumentRow; job: JobRow }> {
    await deps.blobs.put(existing.storageKey, bytes);
    const job = await deps.repos.documents.requeueFailed(existing.userId, existing.id, Bun.randomUUIDv7());
    if (!job) throw new DuplicateDocumentError(existing.id); // re-queued concurrently
    await deps.queue.enqueue({ type: "ingest", v: 1, jobId: job.id, userId: existing.userId, documentId: existing.id });
    return { document: existing, job };
  }
  return {
    async submit(userId, upload) {
      const { bytes } = upload;
      if (bytes.byteLength === 0) throw new EmptyFileError();
      if (bytes.byteLength > maxUploadBytes) throw new PayloadTooLargeError(bytes.byteLength, maxUploadBytes);
      if (!isPdfMagic(bytes)) throw new UnsupportedMediaTypeError(sniff(bytes));
      if (!hasEofMarker(bytes)) {
        throw new IngestionError("invalid_pdf", "the PDF is incomplete (no %%EOF marker at its end); was the upload cut short?");
      }
      const sha256 = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
      const documentId = Bun.randomUUIDv5(sha256, userId);
      const storageKey = `${userId}/${documentId}.pdf`;
      // Refuse a re-upload before touching the stored bytes; createWithJob still guards a race.
      // A document whose latest job failed is re-queued instead: the member tries again.
      const existing = await deps.repos.documents.get(userId, documentId);
      if (existing?.status === "failed") return requeue(existing, bytes);
      if (existing) throw new DuplicateDocumentError(documentId);
      await deps.blobs.put(storageKey, bytes);
      const filename = sanitizeFilename(upload.filename);
      const created = await deps.repos.documents.createWithJob(
        { id: documentId, userId, filename, bytes: bytes.byteLength, sha256, contentType: "application/pdf", storageKey },
        Bun.randomUUIDv7(),
      );
      try {
        await deps.queue.enqueue({ type: "ingest", v: 1, jobId: created.job.id, userId, documentId });
      } catch (error) {
        // Not accepted by the queue: undo this upload so the client's retry starts clean (and is
        // not refused as a duplicate of a document that would never be ingested).
        await deps.repos.documents.delete(userId, documentId).catch(() => undefined);
        await deps.blobs.delete(storageKey).catch(() => undefined);
        throw error;
      }
      return created;
    },
    async delete(userId, documentId) {
      const row = await deps.repos.documents.delete(userId, documentId);
      if (!row) return false;
      await deps.blobs.delete(row.storageKey);
      return true;
    },
    async read(userId, documentId) {
      const row = await deps.repos.documents.get(userId, documentId);
      if (!row) return undefined;
      try {
        return { filename: row.filename, bytes: await deps.blobs.get(row.storageKey) };
      } catch (error) {
        if ((error as { code?: unknown }).code === "ENOENT") return undefined;
        throw error;
      }
    },
  };
}

function hasEofMarker(bytes: Uint8Array): boolean {
  const tail = new TextDecoder("latin1").decode(bytes.subarray(Math.max(0, bytes.byteLength - PDF_EOF_WINDOW_BYTES)));
  return tail.includes("%%EOF");
}

/** Names the kind of a non-PDF upload for the error message (a few common signatures). */
function sniff(bytes: Uint8Array): string {
  // Compared as bytes: TextDecoder("latin1") is really windows-1252 (0x89 decodes to "‰", not U+0089).
  const startsWith = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) return "a ZIP/Office file";
  if (startsWith(0x89, 0x50, 0x4e, 0x47)) return "a PNG image";
  if (startsWith(0xff, 0xd8, 0xff)) return "a JPEG image";
  if (startsWith(0x47, 0x49, 0x46, 0x38)) return "a GIF image";
  const sample = bytes.subarray(0, 512);
  return sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128) ? "text" : "binary data";
}

/** Keeps the base name, drops control characters, caps the length at 255 characters. */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
  return clean || "document.pdf";
}
