/**
 * The documents panel: upload by picking or dropping PDFs, live progress from the socket's job
 * events, then the plan name (or file name), pages and chunks, or why it failed in plain words;
 * delete a document.
 */
import { apiError, type ApiClient } from "./api.ts";
import { button, byId, el } from "./dom.ts";
import type { JobEventMessage } from "./socket.ts";

/** A document as the page shows it (the API's `GET /api/v2/documents` item). */
interface DocumentItem {
  document_id: string;
  filename: string;
  /** When the server knows the plan's name (plan-aware answers); otherwise the file name is shown. */
  plan_name?: string | null;
  pages: number | null;
  chunk_count: number;
  status: string;
  pct?: number;
  error?: { code: string; message: string } | null;
  /** A refused upload's key in `uploads` (it has no document to delete, only a line to dismiss). */
  uploadKey?: string;
}

/** Words for each ingestion step (README: queued → parsing → chunking → embedding → storing → complete). */
const STEP_WORDS: Record<string, string> = {
  uploading: "Uploading…",
  queued: "Waiting to be read…",
  parsing: "Reading the PDF…",
  ocr: "Reading scanned pages (OCR)…",
  chunking: "Splitting into passages…",
  embedding: "Indexing passages…",
  storing: "Saving…",
};

/** Plain words for the failure codes an upload or a job can end with; the server's message otherwise. */
const FAILURE_WORDS: Record<string, string> = {
  invalid_pdf: "This file could not be read as a PDF. It may be damaged or cut short; try downloading it again.",
  encrypted_pdf: "This PDF is password-protected. Save a copy without a password and upload that.",
  no_text: "No text was found in this PDF (it may be a scan). Try the text version from your insurer's website.",
  unsupported_media_type: "This is not a PDF. Only PDF files can be added.",
  payload_too_large: "This file is too large to upload.",
  empty_file: "This file is empty.",
  duplicate: "You have already added this document.",
  document_quota_exceeded: "You have reached the number of documents an account can keep. Delete one to add another.",
  storage_quota_exceeded: "Your documents use all the space an account has. Delete one to add another.",
  upload_rate_limited: "Too many uploads in the last hour. Please try again later.",
  max_deliveries: "Reading this document failed several times. Delete it and try again later.",
  ocr_page_limit: "This PDF has more scanned pages than can be read. Try the text version from your insurer's website.",
  ocr_failed: "The scanned pages of this PDF could not be read.",
};

/** The panel's controller. */
export interface DocumentsPanel {
  /** Loads the member's documents. */
  refresh(): Promise<void>;
  /** A job step from the socket. */
  onJob(event: JobEventMessage): void;
  /** Empties the panel (sign-out). */
  clear(): void;
}

/** Wires the panel's elements; `notify` shows a line in the page's notice area. */
export function createDocumentsPanel(api: ApiClient, notify: (text: string) => void, onUnauthorized: () => void): DocumentsPanel {
  const list = byId<HTMLUListElement>("document-list");
  const empty = byId("no-documents");
  const input = byId<HTMLInputElement>("file-input");
  const zone = byId("drop-zone");
  const items = new Map<string, DocumentItem>();
  /** Uploads not yet answered, by a local key. */
  const uploads = new Map<string, DocumentItem>();

  const render = () => {
    list.replaceChildren(...[...uploads.values(), ...items.values()].map(renderItem));
    empty.hidden = items.size + uploads.size > 0;
  };

  const renderItem = (d: DocumentItem): HTMLLIElement => {
    const name = d.plan_name || d.filename;
    const status = el("span", { class: `doc-status ${d.status}`, role: d.status === "failed" ? "alert" : undefined }, statusWords(d));
    const li = el("li", { "data-document-id": d.document_id || undefined, "data-status": d.status }, el("span", { class: "doc-name" }, name));
    if (d.plan_name && d.plan_name !== d.filename) li.append(el("span", { class: "hint" }, ` (${d.filename})`));
    li.append(status);
    if (d.status !== "complete" && d.status !== "failed") {
      li.append(el("progress", { max: 100, value: d.pct ?? 0, "aria-label": `Progress of ${name}` }));
    }
    if (d.document_id) li.append(button("Delete", () => void remove(d), { class: "link", "aria-label": `Delete ${name}` }));
    const key = d.uploadKey;
    if (key) {
      li.append(button("Dismiss", () => (uploads.delete(key), render()), { class: "link", "aria-label": `Dismiss ${name}` }));
    }
    return li;
  };

  const remove = async (d: DocumentItem) => {
    if (!confirm(`Delete ${d.plan_name || d.filename}? Its passages will no longer be used in answers.`)) return;
    const res = await api.api.v2.documents({ id: d.document_id }).delete();
    if (res.error && res.status !== 404) return fail(res.error, `Could not delete ${d.filename}`);
    items.delete(d.document_id);
    render();
    notify(`Deleted ${d.plan_name || d.filename}.`);
  };

  const fail = (error: { status: number; value: unknown }, prefix: string) => {
    const e = apiError(error);
    if (e.status === 401) return onUnauthorized();
    notify(`${prefix}: ${FAILURE_WORDS[e.code] ?? e.message}`);
  };

  const loadOne = async (documentId: string) => {
    const res = await api.api.v2.documents({ id: documentId }).get();
    if (res.data) {
      const known = items.get(documentId);
      items.set(documentId, { ...(res.data as DocumentItem), pct: known?.pct, error: res.data.last_error ?? known?.error });
      render();
    }
  };

  const upload = async (file: File) => {
    const key = crypto.randomUUID();
    uploads.set(key, { document_id: "", filename: file.name, pages: null, chunk_count: 0, status: "uploading", pct: 0 });
    render();
    const res = await api.api.v2.upload.post({ file });
    uploads.delete(key);
    if (res.error) {
      const e = apiError(res.error);
      if (e.status === 401) return onUnauthorized();
      const words = FAILURE_WORDS[e.code] ?? e.message;
      uploads.set(key, { document_id: "", filename: file.name, pages: null, chunk_count: 0, status: "failed", error: { code: e.code, message: words }, uploadKey: key });
      render();
      return;
    }
    const { document_id, status } = res.data;
    if (!items.has(document_id)) items.set(document_id, { document_id, filename: file.name, pages: null, chunk_count: 0, status, pct: 0 });
    render();
    await loadOne(document_id);
  };

  const uploadAll = (files: FileList | null) => {
    for (const file of files ?? []) void upload(file);
  };

  input.addEventListener("change", () => {
    uploadAll(input.files);
    input.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    uploadAll(event.dataTransfer?.files ?? null);
  });
  // A file dropped beside the zone must not navigate away from the page.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());

  return {
    async refresh() {
      const res = await api.api.v2.documents.get();
      if (res.error) return fail(res.error, "Could not load your documents");
      items.clear();
      // Why a document failed is its `last_error`.
      for (const d of res.data.documents) items.set(d.document_id, { ...(d as DocumentItem), error: d.last_error });
      render();
    },
    onJob(event) {
      const known = items.get(event.document_id);
      if (!known) {
        void loadOne(event.document_id);
        return;
      }
      items.set(event.document_id, { ...known, status: event.status, pct: event.pct, error: event.error });
      render();
      if (event.status === "complete" || event.status === "failed") void loadOne(event.document_id);
    },
    clear() {
      items.clear();
      uploads.clear();
      render();
    },
  };
}

/** "Complete: 4 pages, 31 passages", "Reading the PDF… 20%", or the failure in plain words. */
function statusWords(d: DocumentItem): string {
  if (d.status === "complete") {
    const pages = d.pages === null ? "" : `${d.pages} page${d.pages === 1 ? "" : "s"}, `;
    return `Complete: ${pages}${d.chunk_count} passage${d.chunk_count === 1 ? "" : "s"} (chunks)`;
  }
  if (d.status === "failed") {
    const e = d.error;
    return `Failed: ${e ? (FAILURE_WORDS[e.code] ?? e.message) : "reading this document failed."}`;
  }
  const pct = d.pct ? ` ${Math.round(d.pct)}%` : "";
  return `${STEP_WORDS[d.status] ?? d.status}${pct}`;
}
