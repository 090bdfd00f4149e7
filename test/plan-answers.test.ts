/**
 * Issue 12 part 3 over HTTP: one member with four plans (the SCAN EOC and three SBCs). A question
 * naming a plan (insurer, short form) is answered from that plan's file with the value's page and
 * the answer names the plan; a follow-up in the same conversation keeps the plan; a question
 * naming none is answered plan by plan, each part labelled with its plan and file.
 * (The OCR half of the "Done when" — an image-only SBC answering its deductible with its
 * page — is test/documents-e2e.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bearer, chat, corpusBytes, fetchJson, register, requireCorpus, startTestServer, type TestServer, uploadFile, waitForJob } from "./support/server.ts";

const FILES = {
  scan: "scan_classic_hmo_2025_EOC.pdf",
  kaiser: "SBC_Kaiser.pdf",
  aetna: "SBC_Aetna.pdf",
  healthNet: "SBC_HealthNet_PPO_Platinum_2014-2015.pdf",
} as const;
type PlanKey = keyof typeof FILES;

const corpus = requireCorpus(Object.values(FILES));

test("the plan corpus is present (required when CI=true)", () => {
  if (corpus.mustFail) throw new Error(corpus.reason);
  if (!corpus.available) console.warn(`skipping plan-aware answers e2e: ${corpus.reason}`);
});

interface PlanScopeBody {
  readonly reason: string;
  readonly plans: { readonly label: string; readonly document_ids: string[] }[];
}

describe.skipIf(!corpus.available)("plan-aware answers over HTTP: four plans, one member", () => {
  let server: TestServer;
  let token = "";
  const docs = {} as Record<PlanKey, { id: string; filename: string; planName: string }>;

  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await register(server.url));
    for (const [key, filename] of Object.entries(FILES) as [PlanKey, string][]) {
      const up = await uploadFile(server.url, token, await corpusBytes(filename), filename);
      expect(up.status).toBe(202);
      const job = await waitForJob(server.url, token, up.body.job_id!, 300_000);
      expect(job.status).toBe("complete");
      const doc = await fetchJson<{ plan_name: string | null }>(`${server.url}/api/v2/documents/${up.body.document_id}`, { headers: bearer(token) });
      docs[key] = { id: up.body.document_id!, filename, planName: doc.body.plan_name ?? filename };
    }
  }, 900_000);
  afterAll(async () => {
    await server?.close();
  });

  /** `POST /chat`, logging the exchange (the closing note quotes answers verbatim). */
  async function ask(message: string, conversationId?: string): ReturnType<typeof chat> {
    const r = await chat(server.url, token, message, conversationId);
    console.log(`Q: ${message}\nA: ${r.body.response}\n`);
    return r;
  }

  /**
   * Checks an answer scoped to one plan: every source is that plan's file, a source on `page`
   * carries `amount`, the text has the amount and names the plan (its plan name and file).
   */
  function expectFromPlan(body: Awaited<ReturnType<typeof chat>>["body"], key: PlanKey, amount: string, page: number): void {
    const doc = docs[key];
    expect(body.found).toBe(true);
    expect(body.sources.length).toBeGreaterThan(0);
    for (const s of body.sources) expect(s.document_id).toBe(doc.id);
    expect(body.response).toContain(amount);
    expect(body.sources.some((s) => s.page === page && s.text.includes(amount))).toBe(true);
    expect(body.response).toContain(doc.filename);
    expect(body.response).toContain(doc.planName);
    const scope = (body.metadata as unknown as { plan_scope?: PlanScopeBody }).plan_scope;
    expect(scope?.plans.map((p) => p.document_ids)).toEqual([[doc.id]]);
  }

  test("Health Net, named by its insurer: the out-of-pocket limit with preferred providers, page 1", async () => {
    const r = await ask("On my Health Net plan, what's the most I could spend out of pocket in a year using preferred providers?");
    expect(r.status).toBe(200);
    expectFromPlan(r.body, "healthNet", "$4,000", 1);
  }, 60_000);

  test("Aetna, named only by its file: the emergency room copay, page 3", async () => {
    const r = await ask("How much does Aetna make me pay when I go to the emergency room?");
    expect(r.status).toBe(200);
    expectFromPlan(r.body, "aetna", "$150", 3);
  }, 60_000);

  test("Kaiser: the emergency room copay, page 3; the follow-up keeps Kaiser for the ambulance ($75)", async () => {
    const first = await ask("With Kaiser, what do I owe for an emergency room visit?");
    expect(first.status).toBe(200);
    expectFromPlan(first.body, "kaiser", "$100", 3);
    const follow = await ask("and an ambulance?", first.body.conversation_id);
    expect(follow.status).toBe(200);
    expect((follow.body.metadata as unknown as { plan_scope?: PlanScopeBody }).plan_scope?.reason).toBe("conversation");
    expectFromPlan(follow.body, "kaiser", "$75", 3);
  }, 120_000);

  test("SCAN, named by its short form: the maximum out-of-pocket, page 57", async () => {
    const r = await ask("What is the yearly out-of-pocket maximum on SCAN?");
    expect(r.status).toBe(200);
    expectFromPlan(r.body, "scan", "$1,500", 57);
  }, 60_000);

  test("no plan named: answered plan by plan, each part labelled with its plan and file", async () => {
    const r = await ask("what is my emergency room copay?");
    expect(r.status).toBe(200);
    expect(r.body.found).toBe(true);
    const scope = (r.body.metadata as unknown as { plan_scope?: PlanScopeBody }).plan_scope;
    expect(scope?.reason).toBe("all");
    expect(scope?.plans).toHaveLength(4);
    const lines = r.body.response.split("\n");
    // One labelled line per plan that answered, at least the three SBCs with an emergency room row.
    for (const key of ["kaiser", "aetna", "healthNet"] as const) {
      const doc = docs[key];
      const line = lines.find((l) => l.startsWith(`${doc.planName} (${doc.filename}): `));
      expect(line).toBeDefined();
      // Each line cites only its own plan's file.
      for (const m of line!.matchAll(/\[(\d+)\]/g)) expect(r.body.sources[Number(m[1]) - 1]?.document_id).toBe(doc.id);
    }
    expect(lines.find((l) => l.startsWith(`${docs.kaiser.planName} (`))).toContain("$100");
    expect(lines.find((l) => l.startsWith(`${docs.aetna.planName} (`))).toContain("$150");
  }, 120_000);
});
