/**
 * What a chat turn tells the member about their documents: which are still being read (a question
 * asked right after an upload may find nothing yet) and which failed, with the reason.
 */
import type { Repositories } from "../../db/index.ts";
import type { TurnFailedDocument, TurnPendingDocument } from "../messages.ts";

/** The member's documents that are not ready. */
export interface DocumentNotices {
  readonly pending: readonly TurnPendingDocument[];
  readonly failed: readonly TurnFailedDocument[];
}

/** A listing of the member's documents (db `documents.statuses`). */
export type DocumentStatuses = Awaited<ReturnType<Repositories["documents"]["statuses"]>>;

/** Lists `userId`'s documents still processing (any status before `complete`) and failed ones. */
export async function documentNotices(repos: Pick<Repositories, "documents">, userId: string): Promise<DocumentNotices> {
  return noticesOf(await repos.documents.statuses(userId));
}

/** The notices of a listing already read: documents still processing and failed ones. */
export function noticesOf(docs: DocumentStatuses): DocumentNotices {
  return {
    pending: docs
      .filter((d) => d.status !== "complete" && d.status !== "failed")
      .map((d) => ({ documentId: d.id, filename: d.filename, status: d.status })),
    failed: docs
      .filter((d) => d.status === "failed")
      .map((d) => ({ documentId: d.id, filename: d.filename, code: d.lastError?.code ?? "failed", message: d.lastError?.message ?? "ingestion failed" })),
  };
}

/** Spanish reasons for the failure codes a member can meet; other codes keep the job's (English) message. */
const SPANISH_REASONS: Readonly<Record<string, string>> = {
  no_text: "el PDF no tiene texto que se pueda leer",
  invalid_pdf: "el archivo no es un PDF legible (¿está incompleto o dañado?)",
  encrypted_pdf: "el PDF está protegido con contraseña",
  ocr_page_limit: "tiene más páginas escaneadas de las que se pueden leer por OCR",
  ocr_failed: "no se pudo leer por OCR",
};

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Sentences added to an answer that found nothing: documents still being read ("ask again when it
 * is ready") and documents that failed, each with its reason. Empty when there is nothing to say.
 * @param language `es` gives Spanish sentences; anything else English
 */
export function noticeText(notices: DocumentNotices, language: string): string {
  const out: string[] = [];
  const es = language === "es";
  if (notices.pending.length > 0) {
    const names = list(notices.pending.map((d) => d.filename));
    out.push(
      es
        ? `Todavía estoy leyendo ${names}; vuelva a preguntar cuando termine.`
        : `I'm still reading ${names}; ask again when ${notices.pending.length === 1 ? "it is" : "they are"} ready.`,
    );
  }
  for (const d of notices.failed) {
    out.push(es ? `No pude leer "${d.filename}": ${SPANISH_REASONS[d.code] ?? d.message}.` : `I couldn't read "${d.filename}": ${d.message}.`);
  }
  return out.join(" ").replace(/\.\./g, ".");
}
