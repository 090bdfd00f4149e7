/**
 * The SCAN EOC's Medical Benefits Chart and definitions as records, and the definitions of the
 * IRDAI wordings. Expected values and pages were read with `pdftotext -layout -f N -l N`.
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readPdf } from "../pdf/index.ts";
import { definitionRecords } from "./definitions.ts";
import { eocRecords } from "./eoc.ts";
import { readPositionedPages } from "./positions.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/corpus");
const EOC = join(CORPUS, "scan_classic_hmo_2025_EOC.pdf");
const NATIONAL = join(CORPUS, "National_Parivar_Mediclaim_Plus_Policy.pdf");
const have = existsSync(EOC) && existsSync(NATIONAL);

test("the corpus is present (required when CI=true)", () => {
  if (!have && process.env.CI === "true") throw new Error(`corpus missing at ${CORPUS}`);
  expect(have || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!have)("EOC benefits chart and definitions", () => {
  test("chart rows: service name (its heading) → what you must pay, on the page the service starts", async () => {
    const records = eocRecords(await readPositionedPages(new Uint8Array(await Bun.file(EOC).arrayBuffer())));
    expect(records.length).toBeGreaterThan(60);
    const by = (label: string) => records.find((r) => r.label === label);
    expect(by("Ambulance services")).toMatchObject({ page: 61, kind: "benefit", section: "Medical Benefits Chart" });
    expect(by("Ambulance services")!.network).toContain("$180 copayment for each one-way trip");
    expect(by("Emergency care")).toMatchObject({ page: 71 });
    expect(by("Emergency care")!.network).toContain("$90 copayment for each visit");
    expect(by("Inpatient hospital care")).toMatchObject({ page: 79 });
    expect(by("Inpatient hospital care")!.network).toContain("$100 copayment per day for days 1-5");
    // A "(continued)" heading on the next page continues the service; it is never its own record.
    expect(records.some((r) => /\(continued\)/i.test(r.label))).toBe(false);
    expect(new Set(records.map((r) => r.label)).size).toBe(records.length);
  }, 60_000);

  test("definitions: CMS chapter 'Definitions of important words' (Term – …) and IRDAI 'X means …'", async () => {
    const eoc = definitionRecords((await readPdf(new Uint8Array(await Bun.file(EOC).arrayBuffer()))).pages);
    const appeal = eoc.find((r) => r.label === "Appeal");
    expect(appeal).toMatchObject({ kind: "definition", page: 217 });
    expect(appeal!.limitations).toContain("An appeal is something you do if you disagree with our decision");
    const national = definitionRecords((await readPdf(new Uint8Array(await Bun.file(NATIONAL).arrayBuffer()))).pages);
    expect(national.find((r) => r.label === "Accident")).toMatchObject({ page: 1 });
    expect(national.find((r) => r.label === "Accident")!.limitations).toContain("sudden, unforeseen and involuntary event");
  }, 60_000);
});

describe("definitions from text", () => {
  test("numbered 'X means', 'X: An X means', 'Term – …' only inside a definitions chapter", () => {
    const records = definitionRecords([
      { page: 3, text: "2.1 Hospital means an institution established for in-patient care.\n\nBreak – Not a definition outside the chapter, it is just a dash in prose." },
      { page: 4, text: "CHAPTER 9: Definitions of important words\nCopayment – An amount you may be required to pay as your share of the cost.\n1. Room Rent: A Room Rent means the amount charged by a hospital." },
    ]);
    expect(records.map((r) => [r.label, r.page])).toEqual([
      ["Hospital", 3],
      ["Copayment", 4],
      ["Room Rent", 4],
    ]);
  });
});
