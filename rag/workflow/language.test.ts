import { describe, expect, test } from "bun:test";
import { detectLanguage, isLanguage } from "./language.ts";

describe("detectLanguage", () => {
  test("Spanish questions are Spanish, with the evidence named", () => {
    for (const q of [
      "¿Cubren la insulina en la farmacia?",
      "Cuantas visitas al quiropractico cubre el plan",
      "¿Necesito una remisión para ver a un especialista?",
      "¿y fuera de la red?",
    ]) {
      const d = detectLanguage(q);
      expect({ q, language: d.language, confident: d.confident }).toEqual({ q, language: "es", confident: true });
      expect(d.reason.startsWith("es:")).toBe(true);
    }
    expect(detectLanguage("¿Cuánto cuesta?").reason).toContain("¿");
  });

  test("English questions are English, including ones naming Spanish-looking plans", () => {
    for (const q of ["What is the copay for a specialist visit in network?", "and out of network?", "Is the Plan Dental Los Angeles covered for a hospital stay?"]) {
      const d = detectLanguage(q);
      expect({ q, language: d.language }).toEqual({ q, language: "en" });
      expect(d.reason.startsWith("en:")).toBe(true);
    }
  });

  test("no evidence: the default language, not confident", () => {
    const d = detectLanguage("MRI?");
    expect(d).toMatchObject({ language: "en", confident: false, scores: { en: 0, es: 0 } });
    expect(d.reason).toContain("default");
  });

  test("isLanguage", () => {
    expect(isLanguage("es")).toBe(true);
    expect(isLanguage("fr")).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
  });
});
