import { describe, expect, test } from "bun:test";
import { definitionRecords } from "./definitions.ts";

describe("definitionRecords", () => {
  test("IRDAI numbered definitions, with the number spaced or glued to the term as extraction gives it", () => {
    const text = [
      "2.9 Cashless Facility means a facility extended by the Company to the Insured where the payments are made.",
      "",
      "2.13Co-payment means a cost-sharing requirement by the Policy that provides that the insured shall bear a specified",
      "percentage of the admissible claim amount. A co-payment does not reduce the Sum Insured.",
      "",
      "2.12Congenital anomaly refers to a condition(s) which is present since birth, and which is abnormal.",
    ].join("\n");
    const records = definitionRecords([{ page: 2, text }]);
    expect(records.map((r) => r.label)).toEqual(["Cashless Facility", "Co-payment", "Congenital anomaly"]);
    expect(records[1]?.limitations).toContain("percentage of the admissible claim amount");
    expect(records.every((r) => r.kind === "definition" && r.page === 2)).toBe(true);
  });
  test("a roman-numbered list item is no definition unless it reads 'X means'", () => {
    const records = definitionRecords([{ page: 1, text: "ii. has qualified medical practitioner (s) in charge;\niii. Treatment means care given by a practitioner for an illness." }]);
    expect(records.map((r) => r.label)).toEqual(["Treatment"]);
  });
});
