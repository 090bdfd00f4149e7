/**
 * The PDF viewer: the member's own PDF (fetched with their token, never by a URL carrying it)
 * drawn by pdf.js at the cited page, with the cited text beside it. pdf.js (`pdfjs-dist`, pinned)
 * is served by this server and loaded the first time a citation is opened.
 */
import type * as PdfJs from "pdfjs-dist";
import { fetchDocumentFile } from "./api.ts";
import { byId } from "./dom.ts";
import type { SourceView } from "./socket.ts";

/** Widest page bitmap drawn, CSS pixels (the canvas then scales down to the pane). */
const MAX_PAGE_WIDTH_PX = 1000;

/** The viewer's controller. */
export interface Viewer {
  /** Opens `source`'s document at its page; `citation` is its `[n]` (0: a nearest passage, not a citation). */
  open(source: SourceView, citation: number): Promise<void>;
  /** Forgets loaded documents (sign-out). */
  clear(): void;
}

/** Wires the `<dialog id="viewer">`; `token()` is the member's current token. */
export function createViewer(origin: string, token: () => string | undefined): Viewer {
  const dialog = byId<HTMLDialogElement>("viewer");
  const title = byId("viewer-title");
  const pageLabel = byId("viewer-page");
  const status = byId("viewer-status");
  const canvas = byId<HTMLCanvasElement>("viewer-canvas");
  const cited = byId("cited-text");
  const prev = byId<HTMLButtonElement>("viewer-prev");
  const next = byId<HTMLButtonElement>("viewer-next");
  let pdfjs: Promise<typeof PdfJs> | undefined;
  const documents = new Map<string, Promise<PdfJs.PDFDocumentProxy>>();
  let current: { doc: PdfJs.PDFDocumentProxy; page: number } | undefined;
  let drawing: PdfJs.RenderTask | undefined;

  byId("viewer-close").addEventListener("click", () => dialog.close());
  prev.addEventListener("click", () => current && void show(current.doc, current.page - 1));
  next.addEventListener("click", () => current && void show(current.doc, current.page + 1));

  const loadPdfJs = () => {
    pdfjs ??= (async () => {
      const moduleUrl = meta("pdfjs-module");
      const lib = (await import(moduleUrl)) as typeof PdfJs;
      lib.GlobalWorkerOptions.workerSrc = meta("pdfjs-worker");
      return lib;
    })();
    return pdfjs;
  };

  const load = (documentId: string) => {
    let doc = documents.get(documentId);
    if (!doc) {
      doc = (async () => {
        const [lib, data] = await Promise.all([loadPdfJs(), fetchDocumentFile(origin, token() ?? "", documentId)]);
        return lib.getDocument({ data }).promise;
      })();
      doc.catch(() => documents.delete(documentId));
      documents.set(documentId, doc);
    }
    return doc;
  };

  const show = async (doc: PdfJs.PDFDocumentProxy, pageNumber: number) => {
    const page = Math.min(Math.max(1, pageNumber), doc.numPages);
    current = { doc, page };
    prev.disabled = page <= 1;
    next.disabled = page >= doc.numPages;
    drawing?.cancel();
    const pdfPage = await doc.getPage(page);
    const base = pdfPage.getViewport({ scale: 1 });
    const scale = Math.min(MAX_PAGE_WIDTH_PX / base.width, 2) * (window.devicePixelRatio || 1);
    const viewport = pdfPage.getViewport({ scale });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    drawing = pdfPage.render({ canvas, viewport });
    try {
      await drawing.promise;
    } catch (error) {
      if ((error as { name?: string }).name === "RenderingCancelledException") return;
      throw error;
    }
    pageLabel.textContent = `Page ${page} of ${doc.numPages}`;
    canvas.setAttribute("aria-label", `Page ${page} of ${doc.numPages}`);
    canvas.dataset.renderedPage = String(page);
  };

  return {
    async open(source, citation) {
      title.textContent = `${citation > 0 ? `[${citation}] ` : ""}${source.filename}, page ${source.page}`;
      cited.textContent = source.text;
      pageLabel.textContent = "";
      delete canvas.dataset.renderedPage;
      status.textContent = "Opening the document…";
      if (!dialog.open) dialog.showModal();
      try {
        await show(await load(source.document_id), source.page);
        status.textContent = "";
      } catch (error) {
        status.textContent = `The document could not be opened: ${(error as Error).message}`;
      }
    },
    clear() {
      if (dialog.open) dialog.close();
      for (const doc of documents.values()) void doc.then((d) => d.loadingTask.destroy()).catch(() => undefined);
      documents.clear();
      current = undefined;
    },
  };
}

function meta(name: string): string {
  const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  if (!value) throw new Error(`<meta name="${name}"> is missing`);
  return value;
}
