import { describe, expect, test } from "bun:test";
import { createHashedEmbedder } from "../embeddings/index.ts";
import { DEFAULT_RRF_K } from "./fusion.ts";
import { RETRIEVAL_MODES } from "./modes.ts";
import { createRetriever } from "./retriever.ts";
import type { ChunkSearch, StoredHit, TextSearch } from "./options.ts";
import type { UnitSource } from "./unit-cache.ts";

const embedder = createHashedEmbedder();

function hit(id: string, similarity: number): StoredHit {
  return { chunkId: id, documentId: "d", filename: "plan.pdf", ordinal: Number(id.replace(/\D/g, "")) || 0, text: `text ${id}`, pageStart: 1, pageEnd: 1, similarity };
}

/** Stores that record what they were asked and answer fixed ranked lists. */
function stores(vectorList: StoredHit[], textList: StoredHit[]) {
  const calls = { vector: [] as { minSimilarity: number; limit: number }[], text: [] as string[] };
  const search: ChunkSearch = async (_u, _v, o) => {
    calls.vector.push({ minSimilarity: o.minSimilarity, limit: o.limit });
    return vectorList.filter((h) => h.similarity >= o.minSimilarity).slice(0, o.limit);
  };
  const textSearch: TextSearch = async (_u, text, o) => {
    calls.text.push(text);
    return textList.slice(0, o.limit);
  };
  const all = [...vectorList, ...textList];
  const units: UnitSource = { version: async () => "1", load: async () => all.map(({ similarity: _s, ...u }) => u) };
  return { calls, search, textSearch, units };
}

describe("createRetriever modes", () => {
  const V = [hit("v1", 0.9), hit("both2", 0.8), hit("v3", 0.7)];
  const T = [hit("t1", 0.1), hit("both2", 0.8)];

  test("vector: the vector side only, with the threshold", async () => {
    const s = stores(V, T);
    const r = createRetriever({ embedder, ...s }, { similarityThreshold: 0.75, mode: "vector" });
    const out = await r.retrieve("u", "q");
    expect(out.candidates.map((c) => c.chunkId)).toEqual(["v1", "both2"]);
    expect(s.calls.text).toEqual([]);
    expect(s.calls.vector[0]?.minSimilarity).toBe(0.75);
    expect([out.vectorHits, out.textHits]).toEqual([2, 0]);
  });

  test("text: the full-text side only; its hits are admitted whatever their similarity", async () => {
    const s = stores(V, T);
    const out = await createRetriever({ embedder, ...s }, { similarityThreshold: 0.75, mode: "text" }).retrieve("u", "q");
    expect(out.candidates.map((c) => c.chunkId)).toEqual(["t1", "both2"]);
    expect(s.calls.vector).toEqual([]);
  });

  test("hybrid: the union in reciprocal-rank-fusion order, the threshold still applied to the vector side", async () => {
    const s = stores(V, T);
    const out = await createRetriever({ embedder, ...s }, { similarityThreshold: 0.75, mode: "hybrid", topK: 2 }).retrieve("u", "q");
    // vector side: v1 (1), both2 (2); text side: t1 (1), both2 (2) → both2 is in both lists
    expect(out.candidates.map((c) => c.chunkId)).toEqual(["both2", "v1", "t1"]);
    expect(out.candidates[0]?.score).toBeCloseTo(2 / (DEFAULT_RRF_K + 2), 12);
    expect(out.candidates[0]?.similarity).toBe(0.8);
    expect(out.chunks.map((c) => c.chunkId)).toEqual(["both2", "v1"]);
    expect([out.vectorHits, out.textHits]).toEqual([2, 2]);
  });

  test("the glossary expands the lexical query only in hybrid+glossary", async () => {
    const question = "What's the most I'd pay before insurance kicks in?";
    for (const mode of ["hybrid", "hybrid+glossary"] as const) {
      const s = stores(V, T);
      await createRetriever({ embedder, ...s }, { similarityThreshold: 0, mode }).retrieve("u", question);
      if (mode === "hybrid") expect(s.calls.text).toEqual([question]);
      else {
        expect(s.calls.text[0]).toStartWith(question);
        expect(s.calls.text[0]).toContain("deductible");
        expect(s.calls.text[0]).toContain("out-of-pocket");
      }
    }
  });

  test("the reranker sees every fused candidate and decides the order", async () => {
    const s = stores(V, T);
    const seen: string[][] = [];
    const r = createRetriever(
      { embedder, ...s, rerank: (_q, c) => { seen.push(c.map((x) => x.chunkId)); return [...c].reverse().map((x) => ({ ...x, score: 1 })); } },
      { similarityThreshold: 0.75, mode: "hybrid" },
    );
    const out = await r.retrieve("u", "q");
    expect(seen).toEqual([["both2", "v1", "t1"]]);
    expect(out.chunks.map((c) => c.chunkId)).toEqual(["t1", "v1", "both2"]);
  });

  test("options are checked once, at creation", () => {
    const s = stores(V, T);
    expect(() => createRetriever({ embedder, search: s.search }, { similarityThreshold: 0.4, mode: "hybrid" })).toThrow(/full-text/);
    expect(() => createRetriever({ embedder, ...s }, { similarityThreshold: 0.4, mode: "fuzzy" as never })).toThrow(RangeError);
    expect(() => createRetriever({ embedder, ...s }, { similarityThreshold: 0.4, rrfK: 0 })).toThrow(RangeError);
    expect(() => createRetriever({ embedder, ...s }, { similarityThreshold: 2 })).toThrow(RangeError);
    for (const mode of RETRIEVAL_MODES) expect(createRetriever({ embedder, ...s }, { similarityThreshold: 0.4, mode }).mode).toBe(mode);
  });

  test("bm25 and fusion rank the user's units in memory; the index is rebuilt when the units change", async () => {
    const texts = ["Ambulance services cost a $180 copay per trip.", "Hearing aids are covered once a year.", "Dental cleanings twice a year."];
    let version = 1;
    const docs = texts.map((text, i) => ({ chunkId: `c${i}`, documentId: "d", filename: "plan.pdf", ordinal: i, text, pageStart: i + 1, pageEnd: i + 1 }));
    let loads = 0;
    const units: UnitSource = { version: async () => String(version), load: async () => (loads++, docs) };
    const s = stores([], []);
    for (const mode of ["bm25", "fusion"] as const) {
      const r = createRetriever({ embedder, search: s.search, units }, { similarityThreshold: 0.05, mode });
      const out = await r.retrieve("u", "What does an ambulance cost?");
      expect(out.chunks[0]?.chunkId).toBe("c0");
      expect(out.candidates.map((c) => c.chunkId)).not.toContain("c2");
      // the textbook baseline has no refusal; fusion decides
      expect(out.refusal === undefined).toBe(mode === "bm25");
    }
    expect(s.calls.vector).toEqual([]); // fusion without the vector signal runs no vector search
    const r = createRetriever({ embedder, search: s.search, units }, { similarityThreshold: 0.05 });
    const before = loads;
    await r.retrieve("u", "hearing aids");
    await r.retrieve("u", "hearing aids");
    expect(loads).toBe(before + 1);
    docs.push({ chunkId: "c3", documentId: "d", filename: "plan.pdf", ordinal: 3, text: "Acupuncture: 20 visits a year.", pageStart: 4, pageEnd: 4 });
    version++;
    expect((await r.retrieve("u", "acupuncture visits")).chunks[0]?.chunkId).toBe("c3");
    expect(loads).toBe(before + 2);
  });
});

describe("fusion signals", () => {
  test("the baseline signal fuses the textbook BM25 list (chunks only); its weight is checked", async () => {
    const docs = [
      { chunkId: "c0", documentId: "d", filename: "plan.pdf", ordinal: 0, text: "Ambulance services cost a $180 copay per trip.", pageStart: 1, pageEnd: 1 },
      { chunkId: "c1", documentId: "d", filename: "plan.pdf", ordinal: 1, text: "Dental cleanings twice a year.", pageStart: 2, pageEnd: 2 },
      { chunkId: "rec", documentId: "d", filename: "plan.pdf", ordinal: -2, text: "$180 per trip. Ambulance", label: "Ambulance", pageStart: 1, pageEnd: 1 },
    ];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    const only = createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", fusionSignals: ["baseline"] });
    const out = await only.retrieve("u", "ambulance copay");
    expect(out.chunks.map((c) => c.chunkId)).toEqual(["c0"]); // the baseline never holds record units
    const both = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", fusionSignals: ["bm25f", "baseline"] }).retrieve("u", "ambulance copay");
    expect(both.chunks.map((c) => c.chunkId).sort()).toEqual(["c0", "rec"]);
    expect(() => createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", baselineWeight: -1 })).toThrow(RangeError);
  });
});

describe("typo tolerance", () => {
  test("a question word the documents never use finds the document word one edit away", async () => {
    const docs = [
      { chunkId: "c0", documentId: "d", filename: "plan.pdf", ordinal: 0, text: "Outpatient visits with a licensed audiologist: 30 visits per year.", pageStart: 3, pageEnd: 3 },
      { chunkId: "c1", documentId: "d", filename: "plan.pdf", ordinal: 1, text: "Sessions of group education are listed in the schedule.", pageStart: 5, pageEnd: 5 },
    ];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    // A misspelling of a word outside the common list and the glossary: the analysis leaves it (rag/query/spelling.ts), the retriever corrects it.
    const q = "how many sessions a year with an audiolgist?";
    const fixed = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion" }).retrieve("u", q);
    expect(fixed.chunks[0]?.chunkId).toBe("c0");
    const off = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", typoWeight: 0 }).retrieve("u", q);
    expect(off.chunks[0]?.chunkId).toBe("c1");
  });
});

describe("Spanish cognates", () => {
  test("an untranslated Spanish word finds its regular suffix cognate in the documents", async () => {
    const docs = [
      { chunkId: "c0", documentId: "d", filename: "plan.pdf", ordinal: 0, text: "Medical nutrition therapy: 3 hours in the first year, then 2 hours each year, with a referral.", pageStart: 3, pageEnd: 3 },
      { chunkId: "c1", documentId: "d", filename: "plan.pdf", ordinal: 1, text: "Physical therapy: 20 visits per year.", pageStart: 5, pageEnd: 5 },
    ];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    // "nutrición" is in no Spanish vocabulary; its prefix skeleton ("nutric") misses "nutrition" ("nutrit").
    const q = "¿Cubre el plan la terapia de nutrición?";
    const on = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion" }).retrieve("u", q);
    expect(on.chunks[0]?.chunkId).toBe("c0");
    const off = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", cognateFormWeight: 0 }).retrieve("u", q);
    expect(off.chunks[0]?.chunkId).toBe("c1");
  });
});

describe("ranking query", () => {
  const doc = (id: string, text: string, page: number) => ({ chunkId: id, documentId: "d", filename: "plan.pdf", ordinal: page, text, pageStart: page, pageEnd: page });
  test("function-word contractions are left out of the ranking query", async () => {
    // "don't" in a document matches the "dont" of a question typed without the apostrophe.
    const docs = [doc("c0", "Costs you don't pay don't count, and you don't need to file.", 1), doc("c1", "Acupuncture: 20 visits per year.", 5)];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    const q = "dont know, is acupuncture covered?";
    const on = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion" }).retrieve("u", q);
    expect(on.chunks.map((c) => c.chunkId)).toEqual(["c1"]);
    const off = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", dropContractions: false }).retrieve("u", q);
    expect(off.chunks.map((c) => c.chunkId)).toContain("c0");
  });
  test("pseudo-relevance feedback brings in units sharing the top units' terms", async () => {
    const docs = [doc("c0", "Acupuncture is covered when medically necessary.", 1), doc("c1", "Chiropractic care is covered when medically necessary.", 2), doc("c2", "Premium is due monthly.", 3)];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    const plain = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", feedback: false }).retrieve("u", "acupuncture");
    expect(plain.chunks.map((c) => c.chunkId)).toEqual(["c0"]);
    const prf = await createRetriever({ embedder, search: async () => [], units }, { similarityThreshold: 0.1, mode: "fusion", feedback: { docs: 1, terms: 3, weight: 0.3 } }).retrieve("u", "acupuncture");
    expect(prf.chunks.map((c) => c.chunkId)).toEqual(["c0", "c1"]);
  });
});

describe("retrieval per ask", () => {
  const doc = (id: string, text: string, page: number) => ({ chunkId: id, documentId: "d", filename: "plan.pdf", ordinal: page, text, pageStart: page, pageEnd: page });
  test("each ask's best unit joins the whole question's first units", async () => {
    const docs = [
      doc("d0", "The deductible for a hospital stay: you pay the deductible before the plan pays for the hospital stay, then a copay.", 1),
      doc("d1", "Hospital stay deductible: the deductible applies to each hospital stay and to the hospital's facility fee, not the copay.", 2),
      doc("d2", "Your deductible resets each year; hospital stay costs and copays count toward the deductible.", 3),
      doc("a0", "Ground transport by ambulance in an emergency is covered after a copay per trip, listed in the chart of benefits for transport services.", 9),
      doc("f0", "Ambulance companies must be licensed in the state.", 10),
      doc("f1", "An air ambulance needs prior authorization.", 11),
      doc("f3", "Dental cleanings twice a year.", 13),
      doc("f4", "Vision exams once a year.", 14),
    ];
    const units: UnitSource = { version: async () => "1", load: async () => docs };
    const q = "How does the deductible work for a hospital stay, and what is the ambulance copay?";
    const base = { similarityThreshold: 0.1, mode: "fusion" as const, topK: 2 };
    const whole = await createRetriever({ embedder, search: async () => [], units }, { ...base, askRetrieval: false }).retrieve("u", q);
    expect(whole.chunks.map((c) => c.chunkId)).not.toContain("a0");
    const perAsk = await createRetriever({ embedder, search: async () => [], units }, { ...base, askRetrieval: { maxAsks: 3, otherShare: 0.3, merge: "interleave", lead: 1, perAsk: 1, askWeight: 0.5 } }).retrieve("u", q);
    expect(perAsk.chunks.map((c) => c.chunkId)).toEqual([whole.chunks[0]!.chunkId, "a0"]);
    // a one-ask question is ranked as before
    const one = "How does the deductible work for a hospital stay?";
    const a = await createRetriever({ embedder, search: async () => [], units }, { ...base, askRetrieval: false }).retrieve("u", one);
    const b = await createRetriever({ embedder, search: async () => [], units }, { ...base, askRetrieval: { maxAsks: 3, otherShare: 0.3, merge: "interleave", lead: 1, perAsk: 1, askWeight: 0.5 } }).retrieve("u", one);
    expect(b.candidates.map((c) => c.chunkId)).toEqual(a.candidates.map((c) => c.chunkId));
  });
});

/** Six look-alike plans, one chunk source; in Acme's (d0) own text "ambulance" is common and "transport" rare, across the library the reverse. */
const ownIndexLibrary = (() => {
  const u = (doc: string, name: string, n: number, text: string) => ({ chunkId: `${doc}${n}`, documentId: doc, filename: `SBC_${name}.pdf`, ordinal: n, text, pageStart: n, pageEnd: n });
  return ["Acme", "Borealis", "Cobalt", "Dune", "Ember", "Fjord"].flatMap((name, i) => [
    u(`d${i}`, name, 1, `${name} plan coverage summary.`),
    u(`d${i}`, name, 2, i === 0 ? "Ambulance ground ambulance: ambulance copay $250 per trip." : "Transport to a facility is covered."),
    u(`d${i}`, name, 3, i === 0 ? "Ambulance rules for air transport." : "Specialist visit copay."),
    u(`d${i}`, name, 4, i === 0 ? "Ambulance companies are listed." : "Generic drugs copay."),
  ]);
})();

describe("decisive routing on the document's own index", () => {
  const library = ownIndexLibrary;
  const retrieve = async (units: typeof library, decisiveOwnIndex: boolean) =>
    (await createRetriever({ embedder, search: async () => [], units: { version: async () => "1", load: async () => units } }, { similarityThreshold: 0.1, mode: "fusion", decisiveOwnIndex }).retrieve("u", "On my Acme plan, what is the ambulance transport copay?")).candidates.map((c) => c.chunkId);
  test("a plan named beyond doubt is ranked exactly as when the member owns it alone", async () => {
    const alone = await retrieve(library.filter((x) => x.documentId === "d0"), true);
    expect(await retrieve(library, true)).toEqual(alone);
    expect(await retrieve(library, false)).not.toEqual(alone);
  });
});

describe("a retrieval kept to some documents runs on their own index", () => {
  const library = ownIndexLibrary;
  // The question names no plan: only `documentIds` (a turn scoped to a plan, actors/agent) keeps it to Acme's or Borealis's.
  const q = "What is the ambulance transport copay?";
  const retrieve = async (units: typeof library, decisiveOwnIndex: boolean, documentIds?: string[]) =>
    (await createRetriever({ embedder, search: async () => [], units: { version: async () => "1", load: async () => units } }, { similarityThreshold: 0.1, mode: "fusion", decisiveOwnIndex }).retrieve("u", q, documentIds ? { documentIds } : undefined)).candidates.map((c) => c.chunkId);
  test("ranked exactly as when the member owns just those documents", async () => {
    const alone = await retrieve(library.filter((x) => x.documentId === "d0"), true);
    expect(await retrieve(library, true, ["d0"])).toEqual(alone);
    expect(await retrieve(library, false, ["d0"])).not.toEqual(alone);
    const pair = await retrieve(library.filter((x) => x.documentId === "d0" || x.documentId === "d1"), true);
    expect(await retrieve(library, true, ["d1", "d0"])).toEqual(pair);
  });
});

describe("routedDocuments", () => {
  const u = (doc: string, name: string, n: number, text: string) => ({ chunkId: `${doc}${n}`, documentId: doc, filename: `SBC_${name}.pdf`, ordinal: n, text, pageStart: n, pageEnd: n });
  // Six invented plans of one state: the state's name is in every document's text, each plan's own name only in its file name.
  const names = ["Acme", "Borealis", "Cobalt", "Dune", "Ember", "Fjord"];
  const library = names.flatMap((name, i) => [u(`d${i}`, name, 1, `Coverage summary for members in Oregon.`), u(`d${i}`, name, 2, "Specialist visit copay $40.")]);
  const retriever = (mode: "fusion" | "bm25") => createRetriever({ embedder, search: async () => [], units: { version: async () => "1", load: async () => library } }, { similarityThreshold: 0.1, mode });
  test("the documents a question names by a rare name word; none for a word every document holds; undefined when the mode does not route", async () => {
    expect(await retriever("fusion").routedDocuments?.("u", "What is the Borealis specialist copay?")).toEqual(["d1"]);
    expect(await retriever("fusion").routedDocuments?.("u", "We live in Oregon: what is the specialist copay?")).toEqual([]);
    expect(await retriever("bm25").routedDocuments?.("u", "What is the Borealis specialist copay?")).toBeUndefined();
  });
});
