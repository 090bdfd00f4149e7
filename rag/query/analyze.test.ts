import { describe, expect, test } from "bun:test";
import { createQuestionAnalyzer, DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT, DEFAULT_PREAMBLE_TERM_WEIGHT, spanishScenePhrases } from "./analyze.ts";
import { tokenize } from "../text/tokenize.ts";
import { cognateSkeleton } from "./cognates.ts";

const analyzer = createQuestionAnalyzer();

describe("question analysis", () => {
  test("own terms weigh 1, glossary terms less; amounts stay exact tokens", () => {
    const a = analyzer.analyze("How much before my insurance kicks in, is it $1,500?");
    expect(a.terms.get("$1500")).toBe(1);
    const deductible = analyzer.terms("deductible")[0] as string;
    expect(a.terms.get(deductible)).toBeGreaterThan(0);
    expect(a.terms.get(deductible)).toBeLessThan(1);
    expect(a.spanish).toBe(false);
    expect(a.untranslated).toEqual([]);
  });

  test("Spanish questions: translated terms at full weight, untranslated words kept for cognates", () => {
    const a = analyzer.analyze("¿Cuántas sesiones de reflexología cubre el plan?");
    expect(a.spanish).toBe(true);
    expect(a.untranslated).toContain("reflexologia");
    // Five-letter words too: their suffix cognates ("dieta" → diet) are looked up in the documents.
    expect(analyzer.analyze("¿Cubre el plan una dieta especial?").untranslated).toContain("dieta");
    // Function words the retrieval tokeniser drops ("cuándo", "cuántas") are no untranslated content.
    expect(analyzer.analyze("¿Cuándo y cuántas sesiones de reflexología cubre?").untranslated).toEqual(["reflexologia"]);
    expect(cognateSkeleton("acupuntura", true)).toBe(cognateSkeleton("acupuncture", false));
    expect(cognateSkeleton("especialidad", true)).toBe(cognateSkeleton("specialty", false));
  });

  test("Spanish questions: translations of phrases only the context before the ask uses weigh as context words", () => {
    const t = (w: string) => analyzer.terms(w)[0] as string;
    const a = analyzer.analyze("Voy a visitar a mi hija en otro estado por un mes. ¿SCAN me cubre la diálisis mientras estoy fuera del área?");
    expect(a.spanish).toBe(true);
    expect(a.terms.get(t("daughter"))).toBe(DEFAULT_PREAMBLE_TERM_WEIGHT);
    expect(a.terms.get(t("dialysis"))).toBe(1);
    // a phrase the ask repeats keeps its full weight
    const b = analyzer.analyze("Necesito diálisis tres veces por semana. ¿El plan me cubre la diálisis?");
    expect(b.terms.get(t("dialysis"))).toBe(1);
    // no context: nothing is discounted
    expect(analyzer.analyze("¿SCAN me cubre la diálisis si visito a mi hija?").terms.get(t("daughter"))).toBe(1);
  });

  test("spanishScenePhrases: whole-word phrases of the context, not of the ask", () => {
    const inScene = spanishScenePhrases("Vivo con mi mamá en Jalisco. ¿Me paga la consulta con un médico?") as (p: string) => boolean;
    expect(inScene("mama")).toBe(true);
    expect(inScene("medico")).toBe(false);
    expect(inScene("ma")).toBe(false);
    expect(spanishScenePhrases("¿Me paga la consulta?")).toBeUndefined();
  });

  test("name-like and uncommon words are marked", () => {
    const a = analyzer.analyze("Does SCAN cover Zorvexa for my knee?");
    expect(a.nameTerms).toContain("zorvexa");
    expect(a.uncommonTerms).toContain("zorvexa");
    expect(a.uncommonTerms).not.toContain("knee");
  });
  test("nameRunTerms: words of a written plan name, not the topic also asked outside it", () => {
    const a = analyzer.analyze("What is the deductible on my Acme Gold 30/1000 Deductible HMO plan?");
    expect([...a.nameRunTerms].sort()).toEqual(analyzer.terms("acme gold 30 1000 hmo").sort());
    expect(analyzer.analyze("what is my deductible?").nameRunTerms).toEqual([]);
  });
  test("termRarity: 0 for common English, higher for rarer SCOWL sizes, 1 for a word in no list", () => {
    const a = analyzer.analyze("I'm worried: is Zorvexa covered for my knee at night vs day?");
    const r = (w: string) => a.termRarity.get(analyzer.terms(w)[0] as string);
    expect(r("knee")).toBe(0);
    expect(r("night")).toBe(0);
    expect(r("zorvexa")).toBe(1);
    // A function-word contraction is no question word at all (./contractions.ts).
    expect(r("I'm")).toBeUndefined();
    expect(r("vs")).toBe(0);
  });
  test("termRarity: a word one edit from a listed word is rated as that word (a misspelling)", () => {
    const a = analyzer.analyze("what is the ambulence copay");
    expect(a.termRarity.get(analyzer.terms("ambulence")[0] as string)).toBe(0);
  });
  test("compoundSplits: a word in no list that joins listed words, apart or as initials", () => {
    const a = analyzer.analyze("Does UnitedHealthcare cover Zorvexa?");
    const ways = a.compoundSplits.get(analyzer.terms("unitedhealthcare")[0] as string);
    expect(ways).toContainEqual([analyzer.terms("united")[0] as string, analyzer.terms("healthcare")[0] as string]);
    expect(ways).toContainEqual(["uhc"]);
    expect(a.compoundSplits.has(analyzer.terms("zorvexa")[0] as string)).toBe(false);
    expect(analyzer.analyze("¿Cubre UnitedHealthcare la ambulancia?").termRarity.size).toBe(0);
  });
});

describe("context before the ask (./preamble.ts)", () => {
  const q = "My husband collapsed at home last night. On the Acme Gold HMO, what does emergency transport cost?";
  test("plain context words weigh less and are no question words for refusal; names keep full weight", () => {
    const a = analyzer.analyze(q);
    const t = (w: string) => analyzer.terms(w)[0] as string;
    expect(a.terms.get(t("collapsed"))).toBeLessThan(1);
    expect(a.terms.get(t("transport"))).toBe(1);
    expect(a.terms.get(t("acme"))).toBe(1);
    expect(a.ownTerms).not.toContain(t("collapsed"));
    expect(a.ownTerms).toContain(t("transport"));
    expect(a.ownTerms).toContain(t("acme"));
    const light = tokenize("collapsed")[0]?.term as string;
    expect(a.queryTerms.weights.get(light)).toBeLessThan(1);
  });
  test("an ask that leans on its context keeps the context's words, at a weight between the ask's and plain context's", () => {
    const a = analyzer.analyze("My son needs a hot tub for his arthritis. Will the plan pay for one?");
    const t = (w: string) => analyzer.terms(w)[0] as string;
    expect(a.terms.get(t("tub"))).toBe(DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT);
    expect(DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT).toBeGreaterThan(DEFAULT_PREAMBLE_TERM_WEIGHT);
    expect(DEFAULT_ANAPHORIC_PREAMBLE_TERM_WEIGHT).toBeLessThan(1);
    expect(a.terms.get(t("plan"))).toBe(1);
    // Still a question word for the refusal features.
    expect(a.ownTerms).toContain(t("tub"));
  });
  test("a context clause saying what the member wants to do keeps full retrieval weight", () => {
    const a = analyzer.analyze("The clinic staff were rude to me. I want to file a grievance with Acme. How many days is the deadline?");
    const t = (w: string) => analyzer.terms(w)[0] as string;
    expect(a.terms.get(t("grievance"))).toBe(1);
    expect(a.terms.get(t("rude"))).toBe(DEFAULT_PREAMBLE_TERM_WEIGHT);
  });
});

describe("contraction terms", () => {
  test("function-word contractions are listed, content words are not", () => {
    const a = analyzer.analyze("I've asked twice and they don't answer: what's my copay?");
    expect(a.contractionTerms).toContain(analyzer.terms("ive")[0] as string);
    expect(a.contractionTerms).toContain(analyzer.terms("dont")[0] as string);
    expect(a.contractionTerms).not.toContain(analyzer.terms("copay")[0] as string);
    expect(analyzer.analyze("¿Cuánto es el copago?").contractionTerms).toEqual([]);
  });
});

describe("calendar words", () => {
  test("days and months are neither names nor rare words", () => {
    const a = analyzer.analyze("It's Saturday and the baby is due in March. What does urgent care cost?");
    const t = (w: string) => analyzer.terms(w)[0] as string;
    expect(a.nameTerms).not.toContain(t("saturday"));
    expect(a.termRarity.get(t("saturday")) ?? 0).toBe(0);
    expect(a.uncommonTerms).not.toContain(t("march"));
    expect(analyzer.analyze("Does Zorvexa work on Sunday?").nameTerms).toContain("zorvexa");
  });
});

describe("place names in the context", () => {
  test("a lone place name only the context uses is no question word; one the ask uses, or a product, is", () => {
    const t = (w: string) => analyzer.terms(w)[0] as string;
    const a = analyzer.analyze("I'm staying with my cousin in Zaltovia for the summer. How long can I be away before the plan ends my coverage?");
    expect(a.nameTerms).not.toContain(t("zaltovia"));
    expect(a.ownTerms).not.toContain(t("zaltovia"));
    expect(a.uncommonTerms).not.toContain(t("zaltovia"));
    expect(a.termRarity.has(t("zaltovia"))).toBe(false);
    expect(analyzer.analyze("I'm going to Zaltovia. What does the plan pay for care in Zaltovia?").nameTerms).toContain(t("zaltovia"));
    expect(analyzer.analyze("My dentist offered Zorvexa aligners. Will the plan pay for the aligners?").nameTerms).toContain(t("zorvexa"));
    // the ask points back ("it": the bill), the place still sets the scene
    expect(analyzer.analyze("I paid a clinic in Zaltovia myself. How long do I have to send it in?").nameTerms).not.toContain(t("zaltovia"));
  });
  test("the pronoun's contractions are no names", () => {
    expect(analyzer.analyze("We travel a lot and I'm nearly out of pills. What does the plan pay?").nameTerms).toEqual([]);
  });
});
