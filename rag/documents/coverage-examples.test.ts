/**
 * SBC coverage examples as records, on the shared corpus. Expected amounts were read with
 * `pdftotext -layout -f N -l N` (SBC_SeeChange.pdf holds a single-coverage SBC, pages 1–7, and a
 * family one, pages 8–14).
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { coverageExampleRecords } from "./coverage-examples.ts";
import { readPositionedPages } from "./positions.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/corpus");
const FILES = ["SBC_Aetna.pdf", "SBC_Kaiser.pdf", "SBC_OEMGroup.pdf", "SBC_SeeChange.pdf", "SBC_UHC_SignatureValue_HMO_2014.pdf"];
const haveCorpus = FILES.every((f) => existsSync(join(CORPUS, f)));

test("the SBC corpus is present (required when CI=true)", () => {
  expect(haveCorpus || process.env.CI !== "true").toBe(true);
});

async function examples(file: string) {
  return coverageExampleRecords(await readPositionedPages(new Uint8Array(readFileSync(join(CORPUS, file)))));
}

test.skipIf(!haveCorpus)("each column of the examples page is one record: title, patient's share, its breakdown", async () => {
  const aetna = await examples("SBC_Aetna.pdf");
  expect(aetna.map((r) => [r.page, r.label])).toEqual([
    [7, "Coverage example: Having a baby (normal delivery)"],
    [7, "Coverage example: Managing type 2 diabetes (routine maintenance of a well-controlled condition)"],
  ]);
  expect(aetna[0]?.network).toBe("Patient pays $1,000 (amount owed to providers $7,540; plan pays $6,540)");
  expect(aetna[1]?.limitations).toBe("Coverage for: Individual + Family. Patient pays: Deductibles $0; Copays $540; Coinsurance $130; Limits or exclusions $80; Total $750.");
  expect(aetna.every((r) => r.kind === "benefit" && r.section === "Coverage Examples")).toBe(true);
});

test.skipIf(!haveCorpus)("a page header in the column is not part of the title; label and amount in one run are split", async () => {
  const oem = await examples("SBC_OEMGroup.pdf");
  expect(oem.map((r) => r.label)).toEqual(["Coverage example: Having a baby (normal delivery)", "Coverage example: Managing type 2 diabetes (routine maintenance of a well-controlled condition)"]);
  const kaiser = await examples("SBC_Kaiser.pdf");
  expect(kaiser[0]?.network).toStartWith("Patient pays $1,670");
  const uhc = await examples("SBC_UHC_SignatureValue_HMO_2014.pdf");
  expect(uhc.map((r) => r.network?.split(" (")[0])).toEqual(["Patient pays $750", "Patient pays $1,080"]);
});

test.skipIf(!haveCorpus)("one file with a single and a family SBC: each example says whom it covers", async () => {
  const see = await examples("SBC_SeeChange.pdf");
  const baby = see.filter((r) => r.label.includes("Having a baby"));
  expect(baby.map((r) => [r.page, r.network?.split(" (")[0], r.limitations?.split(".")[0]])).toEqual([
    [6, "Patient pays $4,670", "Coverage for: Single"],
    [13, "Patient pays $7,500", "Coverage for: Family"],
  ]);
});
