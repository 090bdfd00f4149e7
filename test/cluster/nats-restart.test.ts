/**
 * (e) The nats-server restarts while uploads and chats are running: every process reconnects by
 * itself, every upload that was acknowledged (202) completes, every chat that was answered (200)
 * is stored, and new work succeeds afterwards.
 */
import { describe, expect, test } from "bun:test";
import type { Cluster } from "../../cli/cluster/launcher.ts";
import { checkClusterPrerequisites, useClusterEnvironment } from "../support/cluster.ts";
import { makePdf } from "../support/pdf.ts";
import { chat, fetchJson, register, uploadFile, waitForJob } from "../support/server.ts";

const prerequisites = await checkClusterPrerequisites([]);

test("NATS restart prerequisites: nats-server and PostgreSQL with pgvector (required when CI=true)", () => {
  if (prerequisites.mustFail) throw new Error(prerequisites.reason);
  if (!prerequisites.available) console.warn(`[nats-restart] skipping: ${prerequisites.reason}`);
  expect(prerequisites.available || process.env.CI !== "true").toBe(true);
});

const pdfFor = (n: number) =>
  makePdf([
    `Plan ${n} summary. The annual deductible for plan ${n} is $${100 + n} per person. ` +
      `The out-of-pocket maximum for plan ${n} is $${5000 + n} per year. Specialist visits need a referral.`,
  ]);

describe.skipIf(!prerequisites.available)("cluster: nats-server restart during a run", () => {
  const env = useClusterEnvironment(prerequisites.adminUrl, prerequisites.available);

  test(
    "processes reconnect; no acknowledged upload or answered chat is lost",
    async () => {
      const cluster: Cluster = await env.launch({ api: 1, agent: 1, ingest: 1 });
      const url = cluster.apiUrls[0]!;
      const user = await register(url);
      const seed = await uploadFile(url, user.token, pdfFor(0), "plan-0.pdf");
      await waitForJob(url, user.token, seed.body.job_id!, 60_000);

      const accepted: string[] = [];
      const answered: { conversation: string; message: string }[] = [];
      const refused: number[] = [];
      let refusedChats = 0;
      let stop = false;
      let n = 1;
      const uploader = (async () => {
        while (!stop) {
          const i = n++;
          const res = await uploadFile(url, user.token, pdfFor(i), `plan-${i}.pdf`).catch(() => undefined);
          if (res?.status === 202) accepted.push(res.body.job_id!);
          else refused.push(res?.status ?? 0);
          await Bun.sleep(50);
        }
      })();
      const chatter = (async () => {
        let i = 0;
        while (!stop) {
          const message = `What is the deductible? (${i++})`;
          const res = await chat(url, user.token, message).catch(() => undefined);
          if (res?.status === 200) answered.push({ conversation: res.body.conversation_id, message });
          else {
            refused.push(res?.status ?? 0);
            refusedChats++;
          }
          await Bun.sleep(50);
        }
      })();

      await Bun.sleep(1_500);
      const server = env.nats.server!;
      await server.stop();
      const downAt = performance.now();
      await Bun.sleep(2_000);
      await server.start();
      const upAt = performance.now();
      await Bun.sleep(4_000);
      stop = true;
      await Promise.all([uploader, chatter]);
      console.log(
        `[nats-restart] NATS down ${Math.round(upAt - downAt)} ms; accepted uploads ${accepted.length}, answered chats ${answered.length}, refused ${refused.length} (${[...new Set(refused)].join(",")})`,
      );
      expect(accepted.length).toBeGreaterThan(5);
      expect(answered.length).toBeGreaterThan(5);
      for (const status of refused) expect([429, 503]).toContain(status);

      const jobs = await Promise.all(accepted.map((id) => waitForJob(url, user.token, id, 120_000)));
      expect(jobs.filter((j) => j.status !== "complete")).toEqual([]);
      for (const { conversation, message } of answered) {
        const rows = await env.sql<{ role: string }>("select role from messages where conversation_id = $1 and content = $2", [conversation, message]);
        expect(rows.map((r) => r.role)).toEqual(["user"]);
      }
      const [stored] = await env.sql<{ n: number }>(
        "select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id where c.user_id = $1 and m.role = 'assistant'",
        [user.userId],
      );
      // Every answered turn is stored. A turn whose reply was lost with the connection (the client
      // got 503) may be stored too: at most one per refused chat.
      expect(stored!.n).toBeGreaterThanOrEqual(answered.length);
      expect(stored!.n).toBeLessThanOrEqual(answered.length + refusedChats);

      const health = await fetchJson(`${url}/health`);
      expect(health.body).toMatchObject({ status: "ok", nats: "connected" });
      const after = await uploadFile(url, user.token, pdfFor(10_000), "after.pdf");
      expect(after.status).toBe(202);
      expect((await waitForJob(url, user.token, after.body.job_id!, 60_000)).status).toBe("complete");
      const late = await chat(url, user.token, "What is the out-of-pocket maximum for plan 10000?");
      expect(late.status).toBe(200);
      expect(late.body.found).toBe(true);
      // The api node's metrics saw the reconnection and report the connection up again.
      const metrics = await (await fetch(`${url}/metrics`)).text();
      const value = (name: string) => Number(metrics.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, "m"))?.[1]);
      expect(value("navigator_nats_reconnects_total")).toBeGreaterThanOrEqual(1);
      expect(value("navigator_nats_connected")).toBe(1);
    },
    180_000,
  );
});
