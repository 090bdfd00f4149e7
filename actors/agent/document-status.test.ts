import { describe, expect, test } from "bun:test";
import { noticeText } from "./document-status.ts";

describe("noticeText", () => {
  const pending = [{ documentId: "d1", filename: "plan.pdf", status: "ocr" }];
  const failed = [{ documentId: "d2", filename: "scan.pdf", code: "no_text", message: "the PDF has no extractable text" }];
  test("names pending documents and failed ones with their reason, in the answer's language", () => {
    expect(noticeText({ pending, failed: [] }, "en")).toBe(`I'm still reading "plan.pdf"; ask again when it is ready.`);
    expect(noticeText({ pending: [...pending, { ...pending[0]!, filename: "b.pdf" }], failed }, "en")).toBe(
      `I'm still reading "plan.pdf", "b.pdf"; ask again when they are ready. I couldn't read "scan.pdf": the PDF has no extractable text.`,
    );
    expect(noticeText({ pending, failed }, "es")).toBe(`Todavía estoy leyendo "plan.pdf"; vuelva a preguntar cuando termine. No pude leer "scan.pdf": el PDF no tiene texto que se pueda leer.`);
  });
  test("nothing to say: empty", () => {
    expect(noticeText({ pending: [], failed: [] }, "en")).toBe("");
  });
});
