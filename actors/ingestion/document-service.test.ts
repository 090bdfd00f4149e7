/**
 * The document service on the embedded path (PGlite, file blobs, a recording queue): uploads it
 * refuses without leaving anything behind, duplicates, document ids, stored bytes and deletion.
 */
import { describe, expect, test } from "bun:test";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { DuplicateDocumentError } from "../../db/index.ts";
import { createTestUser } from "../../test/support/db.ts";
import { numberedSentences } from "../../test/support/ingestion.ts";
import { makePdf } from "../../test/support/pdf.ts";
import { createDocumentService, EmptyFileError, IngestionError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./index.ts";
import { useIngestionFixture } from "../../test/support/ingestion-fixture.ts";

const fx = useIngestionFixture();

describe("document service", () => {
  const pdf = makePdf([numberedSentences(6, 8000).join(" ")]);

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => {
        throw new Error("expected a rejection");
      },
      (e: unknown) => e,
    );
  }

  /** Submits for a fresh user; asserts nothing was stored or queued when it is refused. */
  async function refused(bytes: Uint8Array, service = fx.documents): Promise<unknown> {
    const user = await createTestUser(fx.repos);
    const before = fx.queue.enqueued.length;
    const err = await rejection(service.submit(user.id, { filename: "x.pdf", bytes }));
    expect(fx.queue.enqueued.length).toBe(before);
    expect(await fx.repos.documents.list(user.id)).toEqual([]);
    expect(await readdir(join(fx.blobDir, user.id)).catch(() => [])).toEqual([]);
    return err;
  }

  test("an empty file is EmptyFileError", async () => {
    expect(await refused(new Uint8Array())).toBeInstanceOf(EmptyFileError);
  });

  test("a file over the limit is PayloadTooLargeError", async () => {
    const small = createDocumentService({ repos: fx.repos, blobs: fx.blobs, queue: fx.queue }, { maxUploadBytes: 100 });
    const err = await refused(pdf, small);
    expect(err).toBeInstanceOf(PayloadTooLargeError);
    expect(err).toMatchObject({ bytes: pdf.byteLength, limitBytes: 100, code: "payload_too_large" });
    const exact = createDocumentService({ repos: fx.repos, blobs: fx.blobs, queue: fx.queue }, { maxUploadBytes: pdf.byteLength });
    const user = await createTestUser(fx.repos);
    expect((await exact.submit(user.id, { filename: "x.pdf", bytes: pdf })).document.bytes).toBe(pdf.byteLength);
  });

  test("a non-PDF is UnsupportedMediaTypeError, judged by its bytes", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const pngErr = await refused(png);
    expect(pngErr).toBeInstanceOf(UnsupportedMediaTypeError);
    expect((pngErr as Error).message).toContain("PNG");
    const textErr = await refused(new TextEncoder().encode("just some text, named .pdf\n%%EOF\n"));
    expect(textErr).toMatchObject({ code: "unsupported_media_type", detected: "text" });
    const zipErr = await refused(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]));
    expect(zipErr).toMatchObject({ code: "unsupported_media_type", detected: "a ZIP/Office file" });
  });

  test("a PDF cut short (no %%EOF) is IngestionError invalid_pdf", async () => {
    const err = await refused(pdf.subarray(0, Math.floor(pdf.byteLength / 2)));
    expect(err).toBeInstanceOf(IngestionError);
    expect(err).toMatchObject({ code: "invalid_pdf", retryable: false });
  });

  test("the same bytes twice for one user is DuplicateDocumentError naming the first document", async () => {
    const user = await createTestUser(fx.repos);
    const before = fx.queue.enqueued.length;
    const { document } = await fx.documents.submit(user.id, { filename: "a.pdf", bytes: pdf });
    const err = await rejection(fx.documents.submit(user.id, { filename: "renamed.pdf", bytes: pdf }));
    expect(err).toBeInstanceOf(DuplicateDocumentError);
    expect((err as DuplicateDocumentError).documentId).toBe(document.id);
    expect(fx.queue.enqueued.length).toBe(before + 1);
    expect((await fx.repos.documents.list(user.id)).map((d) => d.filename)).toEqual(["a.pdf"]);
  });

  test("the document id is UUIDv5 of the sha256 under the user id, different per user; bytes are stored", async () => {
    const a = await createTestUser(fx.repos);
    const b = await createTestUser(fx.repos);
    const sha256 = new Bun.CryptoHasher("sha256").update(pdf).digest("hex");
    const da = await fx.documents.submit(a.id, { filename: "../../etc/passwd\u0000.pdf", bytes: pdf });
    const db = await fx.documents.submit(b.id, { filename: "b.pdf", bytes: pdf });
    expect(da.document.id).toBe(Bun.randomUUIDv5(sha256, a.id));
    expect(db.document.id).toBe(Bun.randomUUIDv5(sha256, b.id));
    expect(da.document.id).not.toBe(db.document.id);
    expect(da.document).toMatchObject({ sha256, bytes: pdf.byteLength, contentType: "application/pdf", filename: "passwd.pdf", storageKey: `${a.id}/${da.document.id}.pdf` });
    expect(await fx.blobs.get(da.document.storageKey)).toEqual(pdf);
  });

  test("delete removes the document and its bytes; another user's delete is false", async () => {
    const a = await createTestUser(fx.repos);
    const b = await createTestUser(fx.repos);
    const { document } = await fx.documents.submit(a.id, { filename: "a.pdf", bytes: pdf });
    expect(await fx.documents.delete(b.id, document.id)).toBe(false);
    expect(await fx.blobs.get(document.storageKey)).toEqual(pdf);
    expect(await fx.documents.delete(a.id, document.id)).toBe(true);
    expect(await fx.repos.documents.get(a.id, document.id)).toBeUndefined();
    expect(await fx.blobs.get(document.storageKey).then(() => "present", (e: { code?: string }) => e.code)).toBe("ENOENT");
  });

  test("re-uploading the bytes of a failed document re-queues it with a new job instead of refusing it", async () => {
    const bytes = makePdf([numberedSentences(6, 8100).join(" ")]);
    const { user, document, job } = await fx.submitNew(bytes, "retry.pdf");
    // Not failed yet: still a duplicate.
    expect(await rejection(fx.documents.submit(user.id, { filename: "retry.pdf", bytes }))).toBeInstanceOf(DuplicateDocumentError);
    await fx.repos.jobs.fail(job.id, { code: "no_text", message: "the PDF has no extractable text" });
    const before = fx.queue.enqueued.length;
    const again = await fx.documents.submit(user.id, { filename: "retry.pdf", bytes });
    expect(again.document.id).toBe(document.id);
    expect(again.job.id).not.toBe(job.id);
    expect(again.job.status).toBe("queued");
    expect(fx.queue.enqueued.length).toBe(before + 1);
    expect(fx.queue.enqueued.at(-1)).toEqual({ type: "ingest", v: 1, jobId: again.job.id, userId: user.id, documentId: document.id });
    expect(await fx.repos.documents.get(user.id, document.id)).toMatchObject({ status: "queued", jobId: again.job.id });
    // Once re-queued, the same bytes are a duplicate again.
    expect(await rejection(fx.documents.submit(user.id, { filename: "retry.pdf", bytes }))).toBeInstanceOf(DuplicateDocumentError);
  });
});
