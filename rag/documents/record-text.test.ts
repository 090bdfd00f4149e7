import { describe, expect, test } from "bun:test";
import { recordText } from "./record-text.ts";

describe("recordText", () => {
  test("a benefit row: value first, both networks, limitations unless '— none —'", () => {
    expect(recordText({ kind: "benefit", label: "Specialist visit", network: "$45 copay", outOfNetwork: "40% coinsurance", limitations: "Referral required." })).toBe(
      "Specialist visit — in network: $45 copay; out of network: 40% coinsurance; Referral required.",
    );
    expect(recordText({ kind: "benefit", label: "Glasses", network: "Not covered", outOfNetwork: "Not covered", limitations: "— none —" })).toBe(
      "Glasses — in network: Not covered; out of network: Not covered",
    );
  });
  test("a question, a chart row without out-of-network column, a definition, an empty row", () => {
    expect(recordText({ kind: "question", label: "What is the overall deductible?", network: "$500", outOfNetwork: null, limitations: null })).toBe("What is the overall deductible? — $500");
    expect(recordText({ kind: "benefit", label: "Ambulance services", network: "$180 copayment", outOfNetwork: null, limitations: null })).toBe("Ambulance services — $180 copayment");
    expect(recordText({ kind: "definition", label: "Copayment", network: null, outOfNetwork: null, limitations: "Copayment – a fixed amount." })).toBe("Copayment – a fixed amount.");
    expect(recordText({ kind: "benefit", label: "Dental", network: null, outOfNetwork: null, limitations: null })).toBe("Dental");
  });
});
