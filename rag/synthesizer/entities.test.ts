import { describe, expect, test } from "bun:test";
import { tokenize } from "../text/tokenize.ts";
import { asksWho, holdsNewName, namesOf } from "./entities.ts";
import { detectIntent, intentBonus, sentenceFeatures } from "./scoring.ts";

describe("asksWho", () => {
  test("a who-question about who acts", () => {
    expect(asksWho("Who reviews a second appeal?")).toBe(true);
    expect(asksWho("What is the final step, and who decides it?")).toBe(true);
    expect(asksWho("Who will make the decision?")).toBe(true);
  });
  test("not a relative clause, a criteria question or a contact ask", () => {
    expect(asksWho("My aunt, who lives with us, needs a walker. Is it covered?")).toBe(false);
    expect(asksWho("I am the one who drives him. Is mileage covered?")).toBe(false);
    expect(asksWho("Who qualifies as a dependant?")).toBe(false);
    expect(asksWho("Who is covered under the family option?")).toBe(false);
    expect(asksWho("Who do I call about a bill?")).toBe(false);
    expect(asksWho("Who can help me with a complaint?")).toBe(false);
  });
});

describe("namesOf", () => {
  test("runs of two or more capitalised words, leading function words dropped", () => {
    expect(namesOf("An Independent Review Entity looks at it, then a judge.")).toEqual([tokenize("independent review entity").map((t) => t.term)]);
    expect(namesOf("The Office will write.")).toEqual([]);
    expect(namesOf("no names here at all")).toEqual([]);
  });
});

describe("holdsNewName", () => {
  const q = new Map([["appeal", 1], ["scan", 1]]);
  test("a name mostly new to the question", () => {
    expect(holdsNewName([["medicar", "appeal", "council"]], q)).toBe(true);
  });
  test("not a name half of whose words the question holds", () => {
    expect(holdsNewName([["scan", "classic"]], q)).toBe(false);
    expect(holdsNewName(undefined, q)).toBe(false);
  });
});

describe("value bonus for a who-question", () => {
  test("a sentence naming a new body earns the bonus; one repeating the question does not", () => {
    const intent = detectIntent("Who hears a second appeal?");
    const q = new Map([["hear", 1], ["second", 1], ["appeal", 1]]);
    const named = intentBonus(sentenceFeatures("The second appeal is handled by an Independent Review Entity."), intent, 0.25, q);
    const echo = intentBonus(sentenceFeatures("If you want a Second Appeal, read the notice."), intent, 0.25, q);
    expect(named).toBe(0.25);
    expect(echo).toBe(0);
  });
});
