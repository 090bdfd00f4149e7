import { describe, expect, test } from "bun:test";
import { cosine, createHashedEmbedder, DEFAULT_HASHED_DIMENSIONS, HASHED_MODEL_ID } from "./hashed-embedder.ts";
import { terms } from "../text/tokenize.ts";

const norm = (v: Float32Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

describe("createHashedEmbedder", () => {
  test("model id carries a version and dimension is 1536", () => {
    const e = createHashedEmbedder();
    expect(e.model).toBe(HASHED_MODEL_ID);
    expect(e.model).toMatch(/-v\d+/);
    expect(e.dimensions).toBe(DEFAULT_HASHED_DIMENSIONS);
    expect(DEFAULT_HASHED_DIMENSIONS).toBe(1536);
  });

  test("deterministic across instances", async () => {
    const [a] = await createHashedEmbedder().embedDocuments(["Emergency room copay is $150, waived if admitted."]);
    const [b] = await createHashedEmbedder().embedDocuments(["Emergency room copay is $150, waived if admitted."]);
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array));
  });

  test("vectors are L2-normalised Float32Array of the right length; empty text is zero", async () => {
    const e = createHashedEmbedder({ dimensions: 256 });
    const [v, z] = await e.embedDocuments(["The deductible is $1,000 per person.", ""]);
    expect(v).toBeInstanceOf(Float32Array);
    expect(v?.length).toBe(256);
    expect(norm(v as Float32Array)).toBeCloseTo(1, 5);
    expect(norm(z as Float32Array)).toBe(0);
    expect(norm(await e.embedQuery("What is the deductible?"))).toBeCloseTo(1, 5);
  });

  test("related texts are closer than unrelated ones", async () => {
    const e = createHashedEmbedder();
    const [ded, amb] = await e.embedDocuments(["The annual deductible is $1,500 per member.", "Ambulance services are covered when medically necessary."]);
    const q = await e.embedQuery("How much is the deductible?");
    expect(cosine(q, ded as Float32Array)).toBeGreaterThan(cosine(q, amb as Float32Array));
  });

  test("money in question and chunk share features whatever the spelling", async () => {
    expect(terms("$1,500")).toEqual(terms("$1500.00"));
    expect(terms("1-800-559-3500")).toEqual(terms("(800) 559-3500").map((t) => t.replace("tel:800", "tel:1800")));
    const e = createHashedEmbedder({ expandQueries: false });
    const [withMoney, without] = await e.embedDocuments(["Your limit is $1,500.", "Your limit is $9,900."]);
    const q = await e.embedQuery("Is it $1500?");
    expect(cosine(q, withMoney as Float32Array)).toBeGreaterThan(cosine(q, without as Float32Array));
  });

  test("glossary expansion moves lay questions towards document terms", async () => {
    const [doc] = await createHashedEmbedder().embedDocuments(["The out-of-pocket limit is $4,000 individual."]);
    const q = "What's the most I'd pay in a year?";
    const plain = cosine(await createHashedEmbedder({ expandQueries: false }).embedQuery(q), doc as Float32Array);
    const expanded = cosine(await createHashedEmbedder().embedQuery(q), doc as Float32Array);
    expect(expanded).toBeGreaterThan(plain);
  });

  test("invalid options are rejected; custom options change the model id", () => {
    expect(() => createHashedEmbedder({ dimensions: 10 })).toThrow(RangeError);
    expect(() => createHashedEmbedder({ weights: { unigram: -1 } })).toThrow(RangeError);
    expect(() => createHashedEmbedder({ expansionWeight: 2 })).toThrow(RangeError);
    expect(createHashedEmbedder({ dimensions: 512 }).model).not.toBe(HASHED_MODEL_ID);
  });

  // Its speed is measured in bench/ (bun run bench), not asserted here: a timed test fails on a loaded machine.
  test("embeds 1,500 five-sentence chunks in one call: one unit vector each, distinct texts apart", async () => {
    const s = "Inpatient hospital care costs $100 copayment per day for days 1-5 and $0 after. Prior authorization rules apply. ";
    const texts = Array.from({ length: 1500 }, (_, i) => `${s.repeat(2)} Section ${i}. Call 1-800-559-3500 (TTY 711). Coverage is 20% after deductible.`);
    const vectors = await createHashedEmbedder().embedDocuments(texts);
    expect(vectors).toHaveLength(1500);
    for (const v of [vectors[0]!, vectors[749]!, vectors[1499]!]) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    expect([...vectors[0]!]).not.toEqual([...vectors[1]!]);
  });
});
