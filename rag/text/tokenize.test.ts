import { describe, expect, test } from "bun:test";
import { stem } from "./light-stem.ts";
import { normalizeText, terms, tokenize } from "./tokenize.ts";

describe("tokenize", () => {
  test("money, percent, phone and ordinal numbers become exact tokens", () => {
    expect(terms("$1,500 and 20 % and 1-800-559-3500 and 1800 209 5858 from the 4th day INR 500")).toEqual([
      "$1500", "20%", "tel:18005593500", "tel:18002095858", "4", "day", "inr500",
    ]);
    expect(tokenize("$40")[0]?.kind).toBe("money");
    expect(tokenize("711")[0]?.kind).toBe("number");
  });

  test("stopwords dropped, words stemmed, hyphenated words give parts and joined form", () => {
    expect(terms("What are the visits covered?")).toEqual(["visit", "cover"]);
    expect(terms("co-payment")).toEqual(["co", "payment", "copayment"]);
    expect(tokenize("co-payment")[2]?.compound).toBe(true);
  });

  test("accents and curly quotes are folded", () => {
    expect(normalizeText("Teléfono don’t")).toBe("telefono don't");
    expect(terms("días")).toEqual(terms("dias"));
  });

  test("words with and without apostrophes or hyphens, and a stemmer that tokenizes itself", () => {
    expect(terms("the member's e-mail isn't lost; ok")).toEqual(["member", "mail", "email", "isnt", "lost", "ok"]);
    const reentrant = (word: string) => `${word}:${tokenize("$150 and 20%").map((t) => t.term).join(",")}`;
    expect(tokenize("visits cost $150 twice", reentrant).map((t) => t.term)).toEqual(["visits:$150,20%", "cost:$150,20%", "$150", "twice:$150,20%"]);
    expect(tokenize("visits cost $150 twice").map((t) => t.term)).toEqual(tokenize("visits cost $150 twice").map((t) => t.term));
  });

  test("stemmer conflates plurals and simple verb forms", () => {
    expect(stem("visits")).toBe(stem("visit"));
    expect(stem("copays")).toBe(stem("copay"));
    expect(stem("denied")).toBe(stem("deny"));
    expect(stem("hospitalisation")).toBe(stem("hospitalization"));
  });
});
