import { describe, expect, test } from "bun:test";
import type { RetrievedChunk } from "../types.ts";
import { createExtractiveSynthesizer } from "./extractive.ts";
import { excludedItems, NOT_COVERED_LEAD } from "./exclusions.ts";
import { sentenceFeatures } from "./scoring.ts";
import type { Cand } from "./select.ts";
import { basicSplitSentences } from "./sentences.ts";

const chunk: RetrievedChunk = { chunkId: "d#1", documentId: "d", filename: "d.pdf", ordinal: 1, text: "", pageStart: 5, pageEnd: 5, similarity: 0.5, score: 0.5 };
const cands = (...texts: string[]): Cand[] => texts.map((text, idx) => ({ chunk, rank: 0, idx, text, start: 0, f: sentenceFeatures(text), isQuestion: false }));

describe("excludedItems", () => {
  test("items after the excluded-services heading, in the sentence or a few before it; the covered list is cut off", () => {
    const [a] = cands("Check your policy or plan document for other excluded services.) x Reflexology x Teeth whitening Other Covered Services (This isn't a complete list.");
    expect(excludedItems(a as Cand, [a as Cand])).toBe("x Reflexology x Teeth whitening");
    const list = cands("Excluded Services & Other Covered Services: Services Your Plan Does NOT Cover (This isn't a complete list.", "Check your policy or plan document for other excluded services.)", "• Reflexology • Teeth whitening");
    expect(excludedItems(list[2] as Cand, list)).toBe("• Reflexology • Teeth whitening");
    // the heading's own sentences hold no items
    expect(excludedItems(list[1] as Cand, list)).toBeUndefined();
  });
  test("a sentence after the covered-services heading, or with no heading near, is not in the list", () => {
    const list = cands("Services Your Plan Does NOT Cover (This isn't a complete list.", "Other Covered Services (This isn't a complete list.", "• Reflexology • Teeth whitening");
    expect(excludedItems(list[2] as Cand, list)).toBeUndefined();
    const far = cands("• Reflexology • Teeth whitening");
    expect(excludedItems(far[0] as Cand, far)).toBeUndefined();
  });
});

describe("an excluded service in an answer", () => {
  test("is said to be not covered, the items as printed; the citation keeps the sentence", async () => {
    const text = "Services Your Plan Does NOT Cover (This isn't a complete list. Check your policy or plan document for other excluded services.) • Reflexology • Teeth whitening • Hair restoration";
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const a = await synth.synthesize("Is reflexology covered?", [{ ...chunk, text }]);
    expect(a.text).toContain(`${NOT_COVERED_LEAD.en} • Reflexology • Teeth whitening`);
    expect(a.citations[0]?.text).not.toContain(NOT_COVERED_LEAD.en);
  });

  test("a Spanish question gets the Spanish lead, which keeps the document's words \"Not covered\"", async () => {
    const text = "Services Your Plan Does NOT Cover (This isn't a complete list. Check your policy or plan document for other excluded services.) • Reflexology • Teeth whitening • Hair restoration";
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const a = await synth.synthesize("¿Me cubren la reflexology con mi plan?", [{ ...chunk, text }]);
    expect(a.text).toContain(`${NOT_COVERED_LEAD.es} • Reflexology`);
    expect(a.text).toContain("Not covered");
  });
});

describe("an excluded-services list not naming what is asked", () => {
  test("is quoted as printed, without saying not covered", async () => {
    const text = "Services Your Plan Does NOT Cover (This isn't a complete list. Check your policy or plan document for other excluded services.) • Reflexology • Teeth whitening • Hair restoration";
    const synth = createExtractiveSynthesizer({ splitSentences: basicSplitSentences });
    const a = await synth.synthesize("Is a sleep study covered by the plan, or is it excluded?", [{ ...chunk, text }]);
    expect(a.text).not.toContain(NOT_COVERED_LEAD.en);
  });
});
