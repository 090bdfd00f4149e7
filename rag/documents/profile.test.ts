/**
 * Document profiles of every PDF in ../shared/corpus. Expected plan names, insurers and periods
 * were read from each PDF's first page (`pdftotext -l 1 -layout`). Where the insurer's name is an
 * image (Aetna and CA Bronze print ": Plan name"; OEMGroup and UHC print no insurer line), the
 * guess comes from the web address in the text and says so (`insurerSource: "url"`).
 */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { readPositionedPages } from "./positions.ts";
import { detectLanguage, detectProfile, fileNameWords, PROFILE_PAGES } from "./profile.ts";
import type { DocumentProfile } from "./types.ts";

const CORPUS = resolve(import.meta.dir, "../../../shared/corpus");

type Want = Pick<DocumentProfile, "kind" | "planName" | "insurer" | "insurerSource" | "planType" | "coveragePeriod">;
const WANT: Readonly<Record<string, Want>> = {
  "SBC_Aetna.pdf": { kind: "sbc", planName: "CA Platinum Basic HMO Copay Plan", insurer: "healthreformplansbc.com", insurerSource: "url", planType: "HMO", coveragePeriod: "11/15/2014 - 11/14/2015" },
  "SBC_Anthem.pdf": { kind: "sbc", planName: "Anthem Premier DirectAccess - gyaa", insurer: "Anthem Blue Cross and Blue Shield", insurerSource: "text", planType: "PPO", coveragePeriod: "03/01/2014 – 02/28/2015" },
  "SBC_BlueCross.pdf": { kind: "sbc", planName: "PPO $20/$40 Copay $250 Deductible", insurer: "Anthem BlueCross BlueShield", insurerSource: "text", planType: "PPO", coveragePeriod: "09/01/2013 - 08/31/2014" },
  "SBC_BlueShield.pdf": { kind: "sbc", planName: "Premier PPO 5", insurer: "Blue Shield of CA Life and Health Insurance Company", insurerSource: "text", planType: "PPO", coveragePeriod: "Beginning on or after 1/1/2013" },
  "SBC_CABronze.pdf": { kind: "sbc", planName: "CA Bronze HMO Deductible 5500", insurer: "healthreformplansbc.com", insurerSource: "url", planType: "HMO", coveragePeriod: "01/01/2014 - 12/31/2014" },
  "SBC_CalChoice.pdf": { kind: "sbc", planName: "Cal Choice HMO 25 6DF", insurer: "Health Net of CA", insurerSource: "text", planType: "HMO", coveragePeriod: "11/01/2013" },
  "SBC_HealthNet_PPO_Platinum_2014-2015.pdf": { kind: "sbc", planName: "PPO Platinum 9LR $20/$0", insurer: "Health Net Life Ins. Co.", insurerSource: "text", planType: "PPO", coveragePeriod: "11/1/2014 - 10/31/2015" },
  "SBC_Kaiser.pdf": { kind: "sbc", planName: "30/1000 Deductible", insurer: "Kaiser Permanente", insurerSource: "text", planType: "Deductible HMO", coveragePeriod: null },
  "SBC_Kaiser2.pdf": { kind: "sbc", planName: "$40/$1000 PPO Plan Insurance", insurer: "Kaiser Permanente", insurerSource: "text", planType: "PPO", coveragePeriod: null },
  "SBC_OEMGroup.pdf": { kind: "sbc", planName: "HSA Choice Plus Plan BZY / 0H9", insurer: "myuhc.com", insurerSource: "url", planType: "PS1", coveragePeriod: "11/01/2013 – 10/31/2014" },
  "SBC_PPO.pdf": { kind: "sbc", planName: "PPO 1500/$35", insurer: "Anthem BlueCross", insurerSource: "text", planType: "PPO", coveragePeriod: "10/01/2013 - 09/30/2014" },
  "SBC_SeeChange.pdf": { kind: "sbc", planName: "California HSA 4000 2-50", insurer: "SeeChange Health Insurance", insurerSource: "text", planType: "PPO", coveragePeriod: null },
  "SBC_UHC_SignatureValue_HMO_2014.pdf": { kind: "sbc", planName: "SignatureValue HBB/2R", insurer: "uhcwest.com", insurerSource: "url", planType: "HMO", coveragePeriod: "01/01/2014 - 12/31/2014" },
  "scan_classic_hmo_2025_EOC.pdf": { kind: "eoc", planName: "SCAN Classic (HMO)", insurer: "SCAN Health Plan", insurerSource: "text", planType: "HMO", coveragePeriod: "January 1 – December 31, 2025" },
  "test_insurance_document.pdf": { kind: "eoc", planName: "SCAN Classic HMO", insurer: "SCAN Health Plan", insurerSource: "text", planType: "HMO", coveragePeriod: "2025" },
  "BAJHLIP23020V012223_Bajaj_Allianz_Global_Health_Care.pdf": { kind: "policy_wording", planName: "GLOBAL HEALTH CARE", insurer: "Bajaj Allianz General Insurance Co. Ltd.", insurerSource: "text", planType: null, coveragePeriod: null },
  "National_Parivar_Mediclaim_Plus_Policy.pdf": { kind: "policy_wording", planName: "National Parivar Mediclaim Plus Policy", insurer: "National Insurance Company Limited", insurerSource: "text", planType: null, coveragePeriod: null },
};

const haveCorpus = Object.keys(WANT).every((f) => existsSync(join(CORPUS, f)));

test("the corpus is present (required when CI=true)", () => {
  if (!haveCorpus && process.env.CI === "true") throw new Error(`corpus missing at ${CORPUS}`);
  expect(haveCorpus || process.env.CI !== "true").toBe(true);
});

describe.skipIf(!haveCorpus)("document profile of every corpus PDF", () => {
  for (const [file, want] of Object.entries(WANT)) {
    test(file, async () => {
      const pages = await readPositionedPages(new Uint8Array(await Bun.file(join(CORPUS, file)).arrayBuffer()), { maxPages: PROFILE_PAGES });
      const profile = detectProfile({ filename: file, pages });
      expect(profile).toMatchObject({ ...want, planNameSource: "text", language: "en" });
    });
  }
});

describe("profile fallbacks", () => {
  const page = (lines: string[]) => ({ page: 1, width: 612, height: 792, items: lines.map((str, i) => ({ str, x: 36, y: 40 + 14 * i, w: 5 * str.length, h: 11 })) });

  test("no plan name in the text: the file name's words, and the source says so", () => {
    const p = detectProfile({ filename: "SBC_Example_Gold_2024.pdf", pages: [page(["Some letter without a title", "Dear member"])] });
    expect(p).toMatchObject({ kind: "other", planName: "Example Gold", planNameSource: "filename", insurer: "Example Gold", insurerSource: "filename" });
  });

  test("an SBC whose insurer is a logo: the plan after the colon, the insurer from the web address", () => {
    const p = detectProfile({
      filename: "x.pdf",
      pages: [page([": Example Silver HMO 2000", "Summary of Benefits and Coverage: What this Plan Covers & What You Pay for Covered Services", "Coverage Period: 01/01/2026 – 12/31/2026", "Coverage for: Individual | Plan Type: HMO", "document at www.example-health.com/sbc or by calling 1-800-555-0100."])],
    });
    expect(p).toMatchObject({ kind: "sbc", planName: "Example Silver HMO 2000", insurer: "example-health.com", insurerSource: "url", planType: "HMO", coveragePeriod: "01/01/2026 – 12/31/2026" });
  });

  test("a blank coverage period on the form reads as null", () => {
    const p = detectProfile({ filename: "x.pdf", pages: [page(["Acme Health: Bronze 7000", "Summary of Benefits and Coverage: What this Plan Covers & What it Costs", "Coverage Period: ________ - ________"])] });
    expect(p).toMatchObject({ planName: "Bronze 7000", insurer: "Acme Health", coveragePeriod: null });
  });

  test("file name words drop form words and years; language by function words", () => {
    expect(fileNameWords("SBC_HealthNet_PPO_Platinum_2014-2015.pdf")).toBe("HealthNet PPO Platinum");
    expect(fileNameWords("SBC.pdf")).toBeNull();
    expect(detectLanguage("Usted paga el deducible de su plan para los servicios")).toBe("es");
    expect(detectLanguage("You pay the deductible of your plan for the services")).toBe("en");
  });
});
