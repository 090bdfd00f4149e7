/**
 * Issue 12 over HTTP: a scanned SBC is OCR'd and answers the deductible with its page; a chat while
 * documents are still processing says so (`pending_documents`); a failed document is named with
 * its reason and its re-upload is re-queued; documents show their profile and the owner can
 * correct the plan name (`PATCH`), which nobody else can.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { tesseractAvailable } from "../rag/ocr/index.ts";
import { rasterisePdf } from "./support/image-pdf.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, chat, corpusBytes, corpusPath, fetchJson, register, requireCorpus, startTestServer, type TestServer, uploadFile, waitForJob } from "./support/server.ts";

const corpus = requireCorpus(["SBC_Kaiser.pdf", "SBC_Aetna.pdf"]);
const ocr = tesseractAvailable();

test("corpus and OCR programs are present (required when CI=true)", () => {
  if (corpus.mustFail || (!ocr && process.env.CI === "true")) throw new Error(`${corpus.reason} ${ocr ? "" : "tesseract/pdftoppm missing"}`);
  if (!corpus.available || !ocr) console.warn(`skipping documents e2e: ${corpus.reason} ${ocr ? "" : "tesseract/pdftoppm missing"}`);
});

describe.skipIf(!corpus.available || !ocr)("documents over HTTP: profile, PATCH, OCR, pending and failed documents", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  test("an image-only SBC: pending while OCR runs, then the deductible with its page", async () => {
    const { token } = await register(server.url);
    const scan = await rasterisePdf(corpusPath("SBC_Kaiser.pdf"), 1, 2);
    const up = await uploadFile(server.url, token, scan, "kaiser-scan.pdf");
    expect(up.status).toBe(202);
    const early = await chat(server.url, token, "what is my deductible?");
    expect(early.status).toBe(200);
    const pending = (early.body as unknown as { pending_documents?: Array<{ document_id: string; filename: string; status: string }> }).pending_documents;
    expect(pending?.map((d) => d.document_id)).toEqual([up.body.document_id!]);
    expect(pending?.[0]).toMatchObject({ filename: "kaiser-scan.pdf" });
    if (!early.body.found) expect(early.body.response).toContain("kaiser-scan.pdf");

    const started = performance.now();
    const job = await waitForJob(server.url, token, up.body.job_id!, 300_000);
    console.log(`upload → complete for 2 scanned pages over HTTP: ${Math.round(performance.now() - started)} ms`);
    expect(job.status).toBe("complete");
    const doc = await fetchJson(`${server.url}/api/v2/documents/${up.body.document_id}`, { headers: bearer(token) });
    expect(doc.body).toMatchObject({ parser: "ocr", kind: "sbc", plan_name: "30/1000 Deductible", insurer: "Kaiser Permanente", pages: 2 });
    expect(doc.body.record_count).toBeGreaterThan(5);

    const reply = await chat(server.url, token, "What is the overall deductible?");
    expect(reply.status).toBe(200);
    expect(reply.body.found).toBe(true);
    expect(reply.body.response).toContain("$1,000");
    expect((reply.body as unknown as { pending_documents?: unknown[] }).pending_documents ?? []).toEqual([]);
    const cited = reply.body.sources.find((s) => s.text.includes("$1,000"));
    expect(cited).toMatchObject({ document_id: up.body.document_id, filename: "kaiser-scan.pdf", page: 1 });
  }, 400_000);

  test("a failed document is named with its reason in chat, and re-uploading its bytes re-queues it", async () => {
    const { token } = await register(server.url);
    const blank = makePdf(["", ""]);
    const up = await uploadFile(server.url, token, blank, "blank.pdf");
    const job = await waitForJob(server.url, token, up.body.job_id!, 120_000);
    expect(job).toMatchObject({ status: "failed", last_error: { code: "no_text" } });
    const reply = await chat(server.url, token, "what is my deductible?");
    const failed = (reply.body as unknown as { failed_documents?: Array<{ document_id: string; filename: string; code: string; message: string }> }).failed_documents;
    expect(failed).toEqual([expect.objectContaining({ document_id: up.body.document_id, filename: "blank.pdf", code: "no_text" })]);
    expect(reply.body.response).toContain("blank.pdf");
    const again = await uploadFile(server.url, token, blank, "blank.pdf");
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ document_id: up.body.document_id, status: "queued" });
    expect(again.body.job_id).not.toBe(up.body.job_id);
  }, 200_000);

  test("GET shows the profile; PATCH sets the plan name for the owner only, with validation", async () => {
    const a = await register(server.url);
    const b = await register(server.url);
    const up = await uploadFile(server.url, a.token, await corpusBytes("SBC_Aetna.pdf"), "SBC_Aetna.pdf");
    expect((await waitForJob(server.url, a.token, up.body.job_id!, 120_000)).status).toBe("complete");
    const url = `${server.url}/api/v2/documents/${up.body.document_id}`;
    const got = await fetchJson(url, { headers: bearer(a.token) });
    expect(got.body).toMatchObject({ kind: "sbc", plan_name: "CA Platinum Basic HMO Copay Plan", plan_name_source: "text", insurer: "healthreformplansbc.com", insurer_source: "url", coverage_period: "11/15/2014 - 11/14/2015", plan_type: "HMO" });
    const list = await fetchJson(`${server.url}/api/v2/documents`, { headers: bearer(a.token) });
    expect(list.body.documents[0]).toMatchObject({ document_id: up.body.document_id, kind: "sbc", plan_name: "CA Platinum Basic HMO Copay Plan" });

    const patch = (token: string, body: unknown, target = url) =>
      fetchJson(target, { method: "PATCH", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify(body) });
    const ok = await patch(a.token, { plan_name: "  Aetna Platinum HMO  " });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ plan_name: "Aetna Platinum HMO", plan_name_source: "user" });
    expect((await patch(b.token, { plan_name: "Mine now" })).status).toBe(404);
    expect((await patch(b.token, { plan_name: "x" }, `${server.url}/api/v2/documents/not-a-uuid`)).status).toBe(404);
    for (const bad of [{}, { plan_name: "" }, { plan_name: "   " }, { plan_name: "x".repeat(201) }, { plan_name: 7 }]) {
      const res = await patch(a.token, bad);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("validation_failed");
    }
    expect((await fetchJson(url, { headers: bearer(a.token) })).body).toMatchObject({ plan_name: "Aetna Platinum HMO" });
  }, 200_000);
});
