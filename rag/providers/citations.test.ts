import { describe, expect, test } from "bun:test";
import { createCitationRewriter, rewriteCitations } from "./citations.ts";

describe("citation markers", () => {
  test("renumber by first appearance, split lists, drop numbers without an excerpt", () => {
    expect(rewriteCitations("A [3]. B [1]. C [3].", 5)).toEqual({ text: "A [1]. B [2]. C [1].", cited: [2, 0] });
    expect(rewriteCitations("Both [2, 4].", 5)).toEqual({ text: "Both [1][2].", cited: [1, 3] });
    expect(rewriteCitations("Bad [9]. Mixed [9, 2].", 3)).toEqual({ text: "Bad . Mixed [1].", cited: [1] });
    expect(rewriteCitations("Dup [1][1, 1].", 2).text).toBe("Dup [1][1].");
  });

  test("text that only looks like a marker stays", () => {
    expect(rewriteCitations("See [note] and [a, 1] and [ ] and x[", 3).text).toBe("See [note] and [a, 1] and [ ] and x[");
  });

  test("streamed pieces: a marker split across pieces is rewritten, and the output equals the whole-text rewrite", () => {
    const text = "The deductible is $500 [2]. Copay is $20 [1, 2]. Bogus [7].";
    const whole = rewriteCitations(text, 3);
    for (const size of [1, 2, 3, 5, 8]) {
      const r = createCitationRewriter(3);
      let out = "";
      for (let i = 0; i < text.length; i += size) out += r.push(text.slice(i, i + size));
      out += r.end();
      expect(out).toBe(whole.text);
      expect(r.cited()).toEqual(whole.cited);
    }
    const r = createCitationRewriter(3);
    expect(r.push("cost [")).toBe("cost ");
    expect(r.push("2")).toBe("");
    expect(r.push("] more")).toBe("[1] more");
  });
});
