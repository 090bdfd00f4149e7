/**
 * The National Parivar Mediclaim Plus Table of Benefits (page 22) as records. Expected cells were
 * read with `pdftotext -layout -f 22 -l 22`.
 */
import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { BENEFIT_TABLE_TEXT, benefitTableRecords } from "./benefit-table.ts";
import { readPositionedPages } from "./positions.ts";

const FILE = join(resolve(import.meta.dir, "../../../shared/corpus"), "National_Parivar_Mediclaim_Plus_Policy.pdf");
const haveCorpus = existsSync(FILE);

test("the policy wording is present (required when CI=true)", () => {
  expect(haveCorpus || process.env.CI !== "true").toBe(true);
});

test("the heading line marks the table's page; a clause citing the table does not", () => {
  expect(BENEFIT_TABLE_TEXT.test("Exclusions\nTable of Benefits:\nFeatures Plans")).toBe(true);
  expect(BENEFIT_TABLE_TEXT.test("expenses up to the limit as shown in the Table of Benefits, for Plan A only.")).toBe(false);
});

test.skipIf(!haveCorpus)("one record per benefit row, each plan's cell under its header, spanning cells for all plans", async () => {
  const pages = await readPositionedPages(new Uint8Array(readFileSync(FILE)), { pages: new Set([21, 22]) });
  const records = benefitTableRecords(pages);
  const row = (label: RegExp) => records.find((r) => label.test(r.label));
  expect(records.every((r) => r.page === 22 && r.kind === "benefit" && r.section === "Table of Benefits")).toBe(true);
  expect(row(/^Ambulance/)?.network).toBe("PLAN A: Up to INR 2,500; PLAN B: Up to INR 4,000; PLAN C: Up to INR 5,000");
  // the parenthesised basis of a limit is a limitation, not part of the benefit's name
  expect([row(/^Ambulance/)?.label, row(/^Ambulance/)?.limitations]).toEqual(["Ambulance", "(per insured person, in a policy year)"]);
  expect(row(/^Doctor’s Home Visit/)?.network).toBe("PLAN A: Not covered; PLAN B: INR 1,000 per day, max. of 10 days; PLAN C: INR 2,000 per day, max. of 10 days");
  // a left-aligned first-plan value is the plan's, not part of the label
  expect([row(/^Modern Treatment/)?.label, row(/^Modern Treatment/)?.limitations]).toEqual(["Modern Treatment", "(12 nos)"]);
  expect(row(/^Treatment$/)?.network).toBe("All plans: Allopathy, AYUSH");
});
