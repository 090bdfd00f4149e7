/**
 * The SBC tables as records, on every SBC of the shared corpus (13 files, 14 SBCs: SBC_SeeChange.pdf
 * holds two, pages 1–7 and 8–14). Expected values and pages were read from each PDF with
 * `pdftotext -layout -f N -l N`; values are compared without whitespace (the PDFs space "$ 0.").
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readPositionedPages } from "./positions.ts";
import { sbcRecords } from "./sbc.ts";
import type { RecordDraft } from "./types.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/corpus");

/** value: must occur in the record's network/answer text; out: in its out-of-network text (benefit rows). */
interface Want {
  readonly value: string;
  readonly page: number;
  readonly out?: string;
}
interface Sbc {
  readonly file: string;
  readonly pages: readonly [number, number];
  readonly deductible: Want;
  readonly outOfPocket: Want;
  readonly specialist: Want;
  readonly emergencyRoom: Want;
}

const SBCS: readonly Sbc[] = [
  { file: "SBC_Aetna.pdf", pages: [1, 8], deductible: { value: "Individual $0 / Family $0", page: 1 }, outOfPocket: { value: "Individual $4,000 / Family $8,000", page: 1 }, specialist: { value: "$40 copay per visit", out: "Not covered", page: 2 }, emergencyRoom: { value: "$150 copay per visit", out: "$150 copay per visit", page: 3 } },
  { file: "SBC_Anthem.pdf", pages: [1, 10], deductible: { value: "$0 person / $0 family for In- Network Provider", page: 1 }, outOfPocket: { value: "$2,500 person / $5,000 family for In-Network Provider", page: 1 }, specialist: { value: "$20 copay", out: "30% coinsurance", page: 3 }, emergencyRoom: { value: "$150 copay and then 10% coinsurance", page: 4 } },
  { file: "SBC_BlueCross.pdf", pages: [1, 11], deductible: { value: "$250 single / $750 family for Participating Provider", page: 1 }, outOfPocket: { value: "Participating Provider Single: $3000, Family: $6000", page: 1 }, specialist: { value: "$40 copay per visit", out: "50% coinsurance", page: 3 }, emergencyRoom: { value: "$150 copay per visit", page: 5 } },
  { file: "SBC_BlueShield.pdf", pages: [1, 10], deductible: { value: "For preferred providers $250 person / $500 family", page: 1 }, outOfPocket: { value: "$1,500 person / $2,500 family", page: 1 }, specialist: { value: "$5/visit", out: "25% coinsurance", page: 3 }, emergencyRoom: { value: "$100/visit + 5% coinsurance", page: 4 } },
  { file: "SBC_CABronze.pdf", pages: [1, 8], deductible: { value: "Individual $5,500 / Family $11,000", page: 1 }, outOfPocket: { value: "Individual $6,350 / Family $12,700", page: 1 }, specialist: { value: "$75 copay per visit, deductible waived", out: "Not covered", page: 2 }, emergencyRoom: { value: "50% coinsurance", page: 3 } },
  { file: "SBC_CalChoice.pdf", pages: [1, 8], deductible: { value: "$0.", page: 1 }, outOfPocket: { value: "$3,000 person / $6,000 family per calendar year", page: 1 }, specialist: { value: "$25", out: "Not covered", page: 2 }, emergencyRoom: { value: "$150", out: "Not covered", page: 3 } },
  { file: "SBC_HealthNet_PPO_Platinum_2014-2015.pdf", pages: [1, 8], deductible: { value: "$0", page: 1 }, outOfPocket: { value: "For preferred providers $4,000 member / $8,000 family", page: 1 }, specialist: { value: "$40/visit", out: "50% co-ins", page: 2 }, emergencyRoom: { value: "$150/visit", page: 3 } },
  { file: "SBC_Kaiser.pdf", pages: [1, 9], deductible: { value: "$1,000 Individual/$2,000 Family", page: 1 }, outOfPocket: { value: "$3,500 Individual/$7,000 Family", page: 1 }, specialist: { value: "$30 copayment/visit", out: "Not covered", page: 2 }, emergencyRoom: { value: "$100 copayment/visit", page: 3 } },
  { file: "SBC_Kaiser2.pdf", pages: [1, 9], deductible: { value: "$1,000 person/ $2,000 family, combined deductible", page: 1 }, outOfPocket: { value: "Participating Provider: $5,000 person/ $10,000 family", page: 1 }, specialist: { value: "$40 copay/visit", out: "50% coinsurance/visit after deductible", page: 2 }, emergencyRoom: { value: "$100 deductible, then 30% coinsurance/visit after deductible", page: 3 } },
  { file: "SBC_OEMGroup.pdf", pages: [1, 8], deductible: { value: "Network: $2,000 * Individual / $6,000 Family", page: 1 }, outOfPocket: { value: "Network: $5,950 *Individual / $11,900 Family", page: 1 }, specialist: { value: "20% co-ins, after ded.", out: "50% co-ins, after ded.", page: 2 }, emergencyRoom: { value: "20% co-ins, after ded.", out: "Same as Network", page: 3 } },
  { file: "SBC_PPO.pdf", pages: [1, 12], deductible: { value: "$1500 single / 2 members family for In-Network Provider", page: 1 }, outOfPocket: { value: "In-Network Provider per member: $5000", page: 1 }, specialist: { value: "$35 copay per visit", out: "50% coinsurance", page: 3 }, emergencyRoom: { value: "$150 copay and then 40% coinsurance", page: 4 } },
  { file: "SBC_SeeChange.pdf", pages: [1, 7], deductible: { value: "In-Network Out-of-Network $4,000 $6,000", page: 1 }, outOfPocket: { value: "$5,500 $8,000", page: 1 }, specialist: { value: "20% / 30% co-insurance", page: 2 }, emergencyRoom: { value: "$250 co-pay (waived if admitted) plus 20% / 30%", page: 3 } },
  { file: "SBC_SeeChange.pdf", pages: [8, 14], deductible: { value: "In-Network Out-of-Network $8,000 $12,000", page: 8 }, outOfPocket: { value: "$11,000 $16,000", page: 8 }, specialist: { value: "20% / 30% co-insurance", page: 9 }, emergencyRoom: { value: "$250 co-pay (waived if admitted) plus 20% / 30%", page: 10 } },
  { file: "SBC_UHC_SignatureValue_HMO_2014.pdf", pages: [1, 8], deductible: { value: "Participating: $250 Individual/ $500 Family", page: 1 }, outOfPocket: { value: "Participating: $1,500 Individual/ $3,000 Family", page: 1 }, specialist: { value: "$20 copay per visit", out: "Not Covered", page: 2 }, emergencyRoom: { value: "$100 copay per visit", out: "$100 copay per visit", page: 3 } },
];

const squash = (s: string | null) => (s ?? "").replace(/\s+/g, "");
const haveCorpus = SBCS.every((s) => existsSync(join(CORPUS, s.file)));

test("the SBC corpus is present (required when CI=true)", () => {
  if (!haveCorpus && process.env.CI === "true") throw new Error(`SBC corpus missing at ${CORPUS}`);
  expect(haveCorpus || process.env.CI !== "true").toBe(true);
});

/** The one record of `kind` in the SBC's pages whose label matches `label`; fails when none or several. */
function only(records: readonly RecordDraft[], sbc: Sbc, kind: RecordDraft["kind"], label: RegExp): RecordDraft {
  const hits = records.filter((r) => r.kind === kind && r.page >= sbc.pages[0] && r.page <= sbc.pages[1] && label.test(r.label));
  expect(hits.map((h) => `${h.label} (p${h.page})`)).toHaveLength(1);
  return hits[0]!;
}

function check(record: RecordDraft, want: Want): void {
  expect(record.page).toBe(want.page);
  expect(squash(record.network)).toContain(squash(want.value));
  if (want.out !== undefined) expect(squash(record.outOfNetwork)).toContain(squash(want.out));
}

describe.skipIf(!haveCorpus)("SBC tables as records (every SBC of ../shared/corpus)", () => {
  const cache = new Map<string, Promise<RecordDraft[]>>();
  const recordsOf = (file: string) => {
    if (!cache.has(file)) cache.set(file, Bun.file(join(CORPUS, file)).arrayBuffer().then((b) => readPositionedPages(new Uint8Array(b))).then(sbcRecords));
    return cache.get(file)!;
  };
  for (const sbc of SBCS) {
    test(`${sbc.file} pages ${sbc.pages.join("–")}: deductible, out-of-pocket limit, specialist visit, emergency room`, async () => {
      const records = await recordsOf(sbc.file);
      check(only(records, sbc, "question", /overall\s*deductible/i), sbc.deductible);
      check(only(records, sbc, "question", /^Is there an out.{0,3}of.{0,3}pocket limit/i), sbc.outOfPocket);
      check(only(records, sbc, "benefit", /^Specialist visit/i), sbc.specialist);
      check(only(records, sbc, "benefit", /^Emergency room/i), sbc.emergencyRoom);
      // Every record has a label and a page inside the document; questions end with "?".
      expect(records.every((r) => r.label !== "" && r.page >= 1)).toBe(true);
      expect(records.filter((r) => r.kind === "question").every((r) => r.label.trim().endsWith("?"))).toBe(true);
    }, 30_000);
  }
});

describe.skipIf(!haveCorpus)("a grid page printed without the grid's header (SeeChange pages 4 and 11)", () => {
  test("its rows are read under the previous page's header; the section after the grid gives none", async () => {
    const bytes = new Uint8Array(await Bun.file(join(CORPUS, "SBC_SeeChange.pdf")).arrayBuffer());
    const records = await sbcRecords(await readPositionedPages(bytes));
    for (const [pages, page] of [[[1, 7], 4], [[8, 14], 11]] as const) {
      const sbc = { pages } as unknown as Sbc;
      const dme = only(records, sbc, "benefit", /^Durable medical equipment/i);
      expect(dme.page).toBe(page);
      expect(squash(dme.network)).toContain(squash("20% / 30% co-insurance"));
      expect(squash(dme.limitations)).toContain(squash("$2,000 per year max per single equipment"));
      expect(only(records, sbc, "benefit", /^Hospice service/i).page).toBe(page);
    }
    // Page 5 ("Excluded Services …") and the coverage examples continue no grid.
    expect(records.filter((r) => r.kind === "benefit" && [5, 6, 7, 12, 13, 14].includes(r.page) && !/^Coverage example/.test(r.label))).toEqual([]);
  }, 30_000);
});
