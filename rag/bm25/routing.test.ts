import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer } from "../query/index.ts";
import { createDocumentRouter, namePairs } from "./routing.ts";
import type { StoredUnit } from "./units.ts";

const analyzer = createQuestionAnalyzer({ commonWords: new Set() });
const unit = (doc: string, filename: string, page: number, text: string): StoredUnit => ({ chunkId: `${doc}#${page}`, documentId: doc, filename, ordinal: page, text, pageStart: page, pageEnd: page });
// Six look-alike plans: every cover says "plan", "coverage", "HMO"; names tell them apart.
const plans = [["a", "Acme Gold"], ["b", "Borealis Silver"], ["c", "Cobalt Bronze"], ["d", "Dune Platinum"], ["e", "Ember"], ["f", "Fjord"]] as const;
const units = plans.flatMap(([doc, name]) => [
  unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 1, `${name} HMO plan coverage summary.`),
  unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 2, "Specialist visit copay applies before the deductible."),
]);

describe("createDocumentRouter", () => {
  const router = createDocumentRouter(units, analyzer.terms);
  test("a question naming a plan routes to its document", () => {
    expect(router.route(analyzer.terms("What is the specialist copay on my Borealis plan?"))).toEqual(["b"]);
    expect(router.route(analyzer.terms("cobalt bronze deductible?"))).toEqual(["c"]);
  });
  test("words on every cover, or no naming word, route nowhere; one document never routes", () => {
    expect(router.route(analyzer.terms("What does the HMO plan cover?"))).toBeUndefined();
    expect(router.route(analyzer.terms("What is my deductible?"))).toBeUndefined();
    expect(createDocumentRouter(units.filter((u) => u.documentId === "a"), analyzer.terms).route(analyzer.terms("Acme deductible"))).toBeUndefined();
  });
  test("a rare body word does not outvote the plan a cover names; without a named plan it still routes", () => {
    // Only Ember's body mentions wheelchairs; the question names Dune on Dune's cover.
    const withBody = [...units, unit("e", "SBC_Ember.pdf", 3, "A second wheelchair for the car or van is not covered.")];
    const r = createDocumentRouter(withBody, analyzer.terms);
    // four body words of Ember's would outweigh the one name word of Dune's
    expect(r.route(analyzer.terms("On my Dune plan, will they pay for a second wheelchair for the car or van?"))).toEqual(["d"]);
    expect(r.route(analyzer.terms("Will they pay for a second wheelchair for the car or van?"))).toEqual(["e"]);
  });
  test("namingTerms: the rare naming words and the plan-name words found in the routed documents' profiles", () => {
    const withPlans = [...units, unit("a", "SBC_Acme.pdf", 3, "Limits of 40 visits and 2000 dollars."), { ...unit("b", "SBC_Borealis.pdf", 3, "Specialist visit copay."), chunkId: "rec-b", label: "Specialist visit", plan: "Borealis Silver 40/2000" }];
    const r = createDocumentRouter(withPlans, analyzer.terms);
    const q = analyzer.terms("Specialist copay on the Borealis Silver 40/2000 plan?");
    expect(r.route(q)).toEqual(["b"]);
    // "borealis" and "silver" are rare; "40" and "2000" (in another plan's text too) only count as words of a written plan name.
    expect(r.namingTerms(q, ["b"]).sort()).toEqual(["borealis", "silver"].map((w) => analyzer.terms(w)[0] as string).sort());
    expect(r.namingTerms(q, ["b"], analyzer.terms("Silver 40/2000")).sort()).toEqual(["borealis", "silver", "40", "2000"].map((w) => analyzer.terms(w)[0] as string).sort());
    expect(r.namingTerms(q, ["a"])).toEqual([]);
  });
  test("namingTerms with nameRunScope \"name\": a cover heading the member quotes stays a topic word", () => {
    const doc = [unit("a", "SBC_Acme.pdf", 1, "Acme Gold HMO. Member Services: call 1-800-000-0000."), { ...unit("a", "SBC_Acme.pdf", 2, "Member Services hours."), chunkId: "rec-a", label: "Hours", plan: "Acme Gold" }];
    const r = createDocumentRouter(doc, analyzer.terms);
    const run = analyzer.terms("Acme Gold Member Services");
    const t = (w: string) => analyzer.terms(w)[0] as string;
    expect(r.namingTerms(run, ["a"], run).sort()).toEqual(["acme", "gold", "member", "services"].map(t).sort());
    expect(r.namingTerms(run, ["a"], run, "name").sort()).toEqual(["acme", "gold"].map(t).sort());
  });
  test("an all-capitals name routes by document names even when the word is common in the documents' text", () => {
    const docs = [
      ...plans.flatMap(([doc, name]) => [unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 1, `${name} HMO plan.`), unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 2, "Imaging (CT/PET scans, MRIs) copay.")]),
      unit("s", "scan_classic_eoc.pdf", 1, "Evidence of Coverage for members."),
      unit("s", "scan_classic_eoc.pdf", 2, "Imaging scans copay."),
    ];
    const r = createDocumentRouter(docs, analyzer.terms);
    const q = analyzer.terms("Will SCAN pay for cosmetic surgery?");
    expect(r.route(q)).toBeUndefined();
    expect(r.route(q, analyzer.terms("SCAN"))).toEqual(["s"]);
  });
  test("a name word no other cover holds outweighs a cover word; one another cover shares gets no more than a cover word", () => {
    // Ten plans (a naming word is then in at most two): Zephyr names its plan "1500"; Orbit's cover names the insurer Zephyr and a "Quill" society.
    const filler = [...plans, ["g", "Garnet"], ["h", "Heron"]].flatMap(([doc, name]) => [unit(doc, `SBC_${name}.pdf`, 1, `${name} HMO plan coverage summary.`), unit(doc, `SBC_${name}.pdf`, 2, "Specialist visit copay.")]);
    const docs = [
      ...filler,
      unit("x", "SBC_Zephyr.pdf", 1, "Zephyr Gold PPO plan coverage summary."),
      { ...unit("x", "SBC_Zephyr.pdf", 2, "Specialist visit copay."), chunkId: "rec-x", label: "Specialist visit", plan: "Zephyr Gold PPO 1500" },
      unit("y", "SBC_Orbit.pdf", 1, "Orbit Silver PPO plan coverage summary, underwritten by Zephyr. Quill society members welcome."),
      unit("y", "SBC_Orbit.pdf", 2, "Specialist visit copay."),
    ];
    const r = createDocumentRouter(docs, analyzer.terms);
    expect(r.route(analyzer.terms("quill 1500 copay"))).toEqual(["x"]);
    expect(r.route(analyzer.terms("zephyr copay"))?.sort()).toEqual(["x", "y"]);
  });
  test("a plan named by its numbers is told from a look-alike sharing one of them", () => {
    // Ten plans (a naming word is then in at most two). Two Zephyr plans named "$40/$3000 PPO" and "25/3000 Deductible"; every body holds "40" and "3000".
    const filler = [...plans, ["g", "Garnet"], ["h", "Heron"]].flatMap(([doc, name]) => [unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 1, `${name} HMO plan.`), unit(doc, `SBC_${name.split(" ")[0]}.pdf`, 2, "Copay $40, limit $3000 and 25 visits.")]);
    const docs = [
      ...filler,
      unit("x", "SBC_Zephyr.pdf", 1, "Copay $40, limit $3000 and 25 visits."),
      { ...unit("x", "SBC_Zephyr.pdf", 2, "Specialist visit copay."), chunkId: "rec-x", label: "Specialist visit", plan: "$40/$3000 PPO Plan" },
      unit("y", "SBC_Zephyr2.pdf", 1, "Copay $40, limit $3000 and 25 visits."),
      { ...unit("y", "SBC_Zephyr2.pdf", 2, "Specialist visit copay."), chunkId: "rec-y", label: "Specialist visit", plan: "25/3000 Deductible" },
    ];
    const r = createDocumentRouter(docs, analyzer.terms);
    expect(r.route(analyzer.terms("Does the Zephyr 40/3000 PPO pay for glasses?"))).toEqual(["x"]);
    expect(r.route(analyzer.terms("Does the Zephyr 25/3000 pay for glasses?"))).toEqual(["y"]);
    expect(r.route(analyzer.terms("Does the Zephyr plan pay for glasses?"))?.sort()).toEqual(["x", "y"]);
  });
  test("namePairs: adjacent pairs with a number, currency signs dropped", () => {
    expect(namePairs(["$40", "$3000", "ppo"])).toEqual(["40 3000", "3000 ppo"]);
    expect(namePairs(["gold", "ppo", "plan"])).toEqual([]);
  });
  test("decisive: one document named by its name or cover, well ahead of the next; never a tie nor a body word", () => {
    const router = createDocumentRouter(units, analyzer.terms);
    expect(router.decisive(analyzer.terms("What is the specialist copay on my Borealis plan?"))).toBe("b");
    expect(router.decisive(analyzer.terms("What does the HMO plan cover?"))).toBeUndefined();
    const withBody = [...units, unit("e", "SBC_Ember.pdf", 3, "A second wheelchair for the car or van is not covered.")];
    const r = createDocumentRouter(withBody, analyzer.terms);
    expect(r.route(analyzer.terms("Will they pay for a second wheelchair for the car or van?"))).toEqual(["e"]);
    expect(r.decisive(analyzer.terms("Will they pay for a second wheelchair for the car or van?"))).toBeUndefined();
    // A word on one cover only ("Quill society") routes there, but names no plan.
    const withCover = units.map((u) => (u.documentId === "c" && u.pageStart === 1 ? { ...u, text: `${u.text} Quill society members call us.` } : u));
    const rc = createDocumentRouter(withCover, analyzer.terms);
    expect(rc.route(analyzer.terms("quill society phone?"))).toEqual(["c"]);
    expect(rc.decisive(analyzer.terms("quill society phone?"))).toBeUndefined();
    // Two names: Acme and Borealis score alike.
    expect(router.decisive(analyzer.terms("Acme or Borealis copay?"))).toBeUndefined();
    // Acme named by two words, Borealis by one: decisive at a ratio of 1.5, not at 3.
    expect(router.decisive(analyzer.terms("Acme Gold or Borealis copay?"), [], 1.5)).toBe("a");
    expect(router.decisive(analyzer.terms("Acme Gold or Borealis copay?"), [], 3)).toBeUndefined();
  });
});
