import { describe, expect, test } from "bun:test";
import { repeats, wordTriples } from "./repeats.ts";
import type { Cand } from "./select.ts";
import { cands, TEST_CHUNK as chunk } from "./testing.ts";

describe("wordTriples", () => {
  test("lower-case runs of three words", () => {
    expect([...wordTriples("You pay  $20 per Visit")]).toEqual(["you pay $20", "pay $20 per", "$20 per visit"]);
    expect(wordTriples("Two words").size).toBe(0);
  });
});

describe("repeats", () => {
  test("the same words split otherwise by overlapping chunks repeat; other sentences do not", () => {
    const [a, b, c] = cands([
      "7. Cancellation The Insured may cancel this Policy by giving 15 days' written notice and the Company shall refund premium as detailed below",
      "7. Cancellation The Insured may cancel this Policy by giving 15 days' written notice and the Company shall refund premium as detailed below a.",
      "The Company may cancel the policy at any time on grounds of misrepresentation by giving 15 days' written notice.",
    ]) as [Cand, Cand, Cand];
    expect(repeats(a, b)).toBe(true);
    expect(repeats(b, a)).toBe(true);
    expect(repeats(a, c)).toBe(false);
  });
  test("a record repeats only its own text (it is shown from its cells)", () => {
    const text = "Specialist visit $20 copay in network and 30% coinsurance out of network";
    const [prose] = cands([text]) as [Cand];
    const record: Cand = { ...prose, chunk: { ...chunk, record: { kind: "benefit", section: null, label: "Specialist visit", network: "$20 copay", outOfNetwork: "30% coinsurance", limitations: null } } };
    expect(repeats(prose, { ...record, text: `${text} per visit` })).toBe(false);
    expect(repeats(prose, record)).toBe(true);
  });
});
