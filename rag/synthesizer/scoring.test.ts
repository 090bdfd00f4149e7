import { describe, expect, test } from "bun:test";
import { buildQueryTerms } from "../rerank/query.ts";
import { detectIntent, intentBonus, sentenceFeatures, termWeights } from "./scoring.ts";

describe("detectIntent deadline", () => {
  test("a deadline asked with 'by when' asks for a value", () => {
    expect(detectIntent("By when do I return the signed form?").numeric).toBe(true);
    expect(detectIntent("Who signs the form?").numeric).toBe(false);
  });
  test("a frequency asked with 'how often' asks for a count", () => {
    const intent = detectIntent("How often are eye exams covered?");
    expect(intent.numeric).toBe(true);
    expect(intent.count).toBe(true);
    const count = intentBonus(sentenceFeatures("Eye exam: up to 2 visits every year."), intent, 0.25);
    const none = intentBonus(sentenceFeatures("Eye exams are covered by participating providers."), intent, 0.25);
    expect(count).toBeGreaterThan(none);
  });
});

describe("intentBonus", () => {
  test("values echoed from the question (a plan name's '30/1000') are not answers", () => {
    const q = "What is the deductible on the Acme 30/1000 HMO plan?";
    const weights = buildQueryTerms(q).weights;
    const header = sentenceFeatures("Acme 30/1000 Deductible HMO Coverage Examples");
    expect(intentBonus(header, detectIntent(q), 0.25)).toBeGreaterThan(0);
    expect(intentBonus(header, detectIntent(q), 0.25, weights)).toBe(0);
  });
  test("an age question prefers durations to money; section numbers do not count", () => {
    const intent = detectIntent("What is the minimum and maximum age to join?");
    const age = intentBonus(sentenceFeatures("aged 3 months to 65 years"), intent, 0.25);
    const usd = intentBonus(sentenceFeatures("Rehabilitation USD 750"), intent, 0.25);
    expect(age).toBeGreaterThan(usd);
    expect(intentBonus(sentenceFeatures("36.Inclusion of members under the Policy"), detectIntent("How much is it?"), 0.25)).toBe(0);
  });
  test("a 'how do I file' question rewards contact details", () => {
    const intent = detectIntent("How do I file an appeal?");
    expect(intentBonus(sentenceFeatures("File in writing to Appeals, P.O. Box 10348, Van Nuys, CA 91410."), intent, 0.25)).toBe(0.25);
    expect(intentBonus(sentenceFeatures("You may be able to appeal or file a grievance."), intent, 0.25)).toBe(0);
  });
});

describe("termWeights", () => {
  test("framing and lay-phrase words weigh less than the topic", () => {
    const q = "How much must I pay before my insurance kicks in?";
    const pool = ["The deductible is $500.", "See how much you pay.", "It kicks in later.", "Other text here."].map(sentenceFeatures);
    const w = termWeights(buildQueryTerms(q), pool, q);
    expect(w.get("much")).toBe(0);
    expect(w.get("kick") ?? 0).toBeLessThan(w.get("deductibl") ?? 0);
  });
  test("a capitalised run is a plan name only when a word of it is in a document's file or plan name", () => {
    const q = "What number do I call for Silver Sneakers Fitness on the Acme Gold plan?";
    const pool = ["Silver Sneakers Fitness: call 1-800-000-0000.", "Acme Gold members may call us.", "Other text.", "More text."].map(sentenceFeatures);
    const titles = new Set(["acm", "acme", "sbc"]);
    const w = termWeights(buildQueryTerms(q), pool, q, titles);
    expect(w.get("sneaker") ?? 0).toBeGreaterThan(w.get("acm") ?? w.get("acme") ?? 0);
    const untitled = termWeights(buildQueryTerms(q), pool, q);
    expect(untitled.get("sneaker") ?? 0).toBeLessThan(w.get("sneaker") ?? 0);
  });
});

describe("detectIntent, Spanish cues", () => {
  test("a phone ask in Spanish ('¿a qué número llamo?') and Spanish amount, duration and postal asks", () => {
    expect(detectIntent("¿A qué número llamo si tengo preguntas sobre mi plan Acme?").phone).toBe(true);
    expect(detectIntent("¿Cuántas visitas de terapia me dan al año?").phone).toBe(false);
    expect(detectIntent("¿Cuánto me cobran por la radiografía?").money).toBe(true);
    expect(detectIntent("Si me internan, ¿cobran algo?").money).toBe(true);
    expect(detectIntent("¿Qué tan rápido me contestan?").duration).toBe(true);
    expect(detectIntent("¿A qué dirección mando la carta?").postal).toBe(true);
    expect(detectIntent("¿Me cubren la terapia?").postal).toBeFalsy();
  });
});
