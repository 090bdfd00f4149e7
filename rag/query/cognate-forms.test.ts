import { describe, expect, test } from "bun:test";
import { createStemmer } from "../text/stem.ts";
import { tokenize } from "../text/tokenize.ts";
import { createCognateFormMatcher, englishCognateForms } from "./cognate-forms.ts";

const stem = createStemmer("english");
/** Retrieval terms of an English text, as an index's vocabulary holds them. */
const vocabulary = (text: string): string[] => tokenize(text, stem).map((t) => t.term);
const matcher = (text: string) => createCognateFormMatcher(vocabulary(text), stem);

describe("englishCognateForms", () => {
  test("regular suffix correspondences, plurals and an initial es- + consonant", () => {
    expect(englishCognateForms("especialista")).toContain("specialist");
    expect(englishCognateForms("nutricion")).toContain("nutrition");
    expect(englishCognateForms("infecciones")).toContain("infection");
    expect(englishCognateForms("obesidad")).toContain("obesity");
    expect(englishCognateForms("preventivos")).toContain("preventive");
    expect(englishCognateForms("anualmente")).toContain("anually");
    expect(englishCognateForms("psicologo")).toContain("psicologist");
    expect(englishCognateForms("maximo")).toContain("maximum");
  });
  test("short or non-letter words get none", () => {
    expect(englishCognateForms("mes")).toEqual([]);
    expect(englishCognateForms("covid19")).toEqual([]);
  });
});

describe("createCognateFormMatcher", () => {
  const docs = matcher("Medical nutrition therapy for obesity; visits to a specialist or a psychologist; annual physical exam; the maximum out-of-pocket.");
  test("keeps the English cognates the documents hold, whatever their spelling folds (th/t, y/i, ph/f, doubled letters)", () => {
    expect(docs.match("nutricion")).toEqual(vocabulary("nutrition"));
    expect(docs.match("obesidad")).toEqual(vocabulary("obesity"));
    expect(docs.match("especialistas")).toEqual(vocabulary("specialist"));
    expect(docs.match("psicologo")).toEqual(vocabulary("psychologist"));
    expect(docs.match("terapia")).toEqual(vocabulary("therapy"));
    expect(docs.match("fisico")).toEqual(vocabulary("physical"));
    expect(docs.match("anual")).toEqual(vocabulary("annual"));
    expect(docs.match("maximo")).toEqual(vocabulary("maximum"));
  });
  test("a false cognate the documents do not hold adds nothing", () => {
    // "embarazada" (pregnant) looks like "embarrassed"; "constipado" (a cold) like "constipated".
    expect(docs.match("embarazada")).toEqual([]);
    expect(docs.match("constipado")).toEqual([]);
    // The documents are the only gate: a document that held "embarrassed" would match.
    expect(matcher("You may feel embarrassed.").match("embarazada")).toEqual(vocabulary("embarrassed"));
  });
});
