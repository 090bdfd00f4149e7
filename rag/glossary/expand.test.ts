import { describe, expect, test } from "bun:test";
import { expandQuery, GLOSSARY } from "./expand.ts";

describe("expandQuery", () => {
  test("lay wording maps to document terms", () => {
    expect(expandQuery("What's the most I'd pay in a bad year?").added).toContain("out-of-pocket limit");
    expect(expandQuery("How much before my insurance kicks in?").added).toContain("deductible");
    expect(expandQuery("Do I need pre-approval for an MRI?").added).toContain("prior authorization");
    expect(expandQuery("What does the ER cost?").added).toContain("emergency room");
    expect(expandQuery("Are my meds covered?").added).toContain("prescription drugs");
  });

  test("Medicare.gov coverage wording: shots, methadone, gym", () => {
    expect(expandQuery("Is a tetanus shot free?").added).toContain("vaccine");
    expect(expandQuery("Do they cover methadone?").added).toContain("opioid treatment program");
    expect(expandQuery("Any gym perks?").added).toContain("fitness");
    expect(expandQuery("Is a gymnast injury covered?").added).not.toContain("fitness");
    expect(expandQuery("Where do I file my living will?").added).toContain("advance directive");
  });

  test("Spanish questions get English vocabulary", () => {
    const e = expandQuery("¿Cubre el plan la sala de emergencias los fines de semana?");
    expect(e.spanish).toBe(true);
    expect(e.added).toContain("emergency room");
    expect(expandQuery("¿Qué teléfono tiene servicio al cliente?").added).toContain("phone");
    expect(expandQuery("¿Cubren la insulina en la farmacia?").added).toContain("insulin");
  });

  test("English questions are not treated as Spanish; no match gives no additions", () => {
    const e = expandQuery("Is the hospital plan dental?");
    expect(e.spanish).toBe(false);
    expect(expandQuery("Xyzzy plugh").added).toBe("");
    expect(expandQuery("Xyzzy plugh").expanded).toBe("Xyzzy plugh");
  });

  test("every entry names its source and has expansions", () => {
    for (const e of GLOSSARY) {
      expect(e.source.length).toBeGreaterThan(5);
      expect(e.expansions.length).toBeGreaterThan(0);
    }
  });
});

describe("Spanish stems", () => {
  test("an inflected Spanish word reaches the vocabulary word with its stem", () => {
    const e = expandQuery("¿Cuántos días tengo para quejarme ante el plan?");
    expect(e.spanish).toBe(true);
    expect(e.added).toContain("complaint");
    expect(expandQuery("Is there a queue for claims?").added).not.toContain("complaint");
  });
});
