/**
 * `navigator backup` / `navigator restore` of an embedded DATA_DIR: a server's users, documents,
 * chunks, conversations, uploaded files and generated JWT secret survive a backup, the loss of
 * the folder and a restore into a new one — the old token still works and the same answer comes
 * back. Refusals: a non-empty destination, a non-empty DATA_DIR, DATABASE_URL set.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { CLI_MAIN_PATH } from "../cli/cluster/node.ts";
import { createNavigator, loadConfig } from "../app/index.ts";
import type { Logger } from "../runtime/index.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, chat, fetchJson, register, uploadFile, waitForJob } from "./support/server.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-backup-"));
  dirs.push(dir);
  return dir;
}

function cli(args: string[], env: Record<string, string>) {
  const proc = Bun.spawnSync([process.execPath, CLI_MAIN_PATH, ...args], { env: { ...process.env, DATABASE_URL: "", NATS_URL: "", LOG_LEVEL: "warn", ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: proc.exitCode, out: proc.stdout.toString(), err: proc.stderr.toString() };
}

async function serve(dataDir: string) {
  const nav = await createNavigator(loadConfig({}, { dataDir, port: 0, host: "127.0.0.1", logLevel: "silent" }), { logger: pino({ level: "silent" }) as unknown as Logger });
  const { url } = await nav.listen();
  return { nav, url };
}

describe("navigator backup / restore (embedded)", () => {
  test("a backup restored into a new DATA_DIR answers as before, with the same token", async () => {
    const dataDir = join(await tempDir(), "data");
    const { nav, url } = await serve(dataDir);
    let token: string;
    let before: { response: string; conversation_id: string };
    try {
      ({ token } = await register(url));
      const upload = await uploadFile(url, token, makePdf(["Summary of Benefits. The out-of-pocket limit is $4,250 per person per year for in-network care."]), "sbc.pdf");
      expect((await waitForJob(url, token, upload.body?.job_id as string)).status).toBe("complete");
      const reply = await chat(url, token, "What is the out-of-pocket limit?");
      expect(reply.body?.response).toContain("4,250");
      before = { response: reply.body?.response as string, conversation_id: reply.body?.conversation_id as string };
      // While the server runs, backup refuses: it cannot take DATA_DIR's lock.
      const refused = cli(["backup", join(await tempDir(), "too-early")], { DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`is in use by process ${process.pid}`);
    } finally {
      await nav.close();
    }

    const backup = join(await tempDir(), "backup");
    const made = cli(["backup", backup], { DATA_DIR: dataDir });
    expect(made).toMatchObject({ code: 0 });
    expect(made.out).toContain("1 user(s), 1 document(s)");
    expect((await readdir(backup)).sort()).toEqual(["blobs", "jwt-secret", "manifest.json", "pglite.tar.gz"]);
    await rm(dataDir, { recursive: true, force: true });

    const restored = join(await tempDir(), "restored");
    const back = cli(["restore", backup], { DATA_DIR: restored });
    expect(back).toMatchObject({ code: 0 });
    expect(back.out).toContain("counts match the manifest");

    const again = await serve(restored);
    try {
      const docs = await fetchJson(`${again.url}/api/v2/documents`, { headers: bearer(token) });
      expect(docs.status).toBe(200);
      expect(docs.body?.documents.map((d: { filename: string; status: string }) => [d.filename, d.status])).toEqual([["sbc.pdf", "complete"]]);
      const conversation = await fetchJson(`${again.url}/api/v2/conversations/${before.conversation_id}`, { headers: bearer(token) });
      expect(conversation.body?.messages.length).toBe(2);
      const reply = await chat(again.url, token, "What is the out-of-pocket limit?");
      expect(reply.body?.response).toBe(before.response);
      const [doc] = docs.body?.documents as { document_id: string }[];
      expect(await Bun.file(join(restored, "blobs")).exists()).toBe(false); // a folder, not a file
      expect((await readdir(join(restored, "blobs"), { recursive: true })).some((p) => String(p).endsWith(`${doc?.document_id}.pdf`))).toBe(true);
    } finally {
      await again.nav.close();
    }
  }, 180_000);

  test("refuses a non-empty destination, a non-empty DATA_DIR, a folder that is not a backup, and PostgreSQL", async () => {
    const full = await tempDir();
    await Bun.write(join(full, "something"), "x");
    expect(cli(["backup", full], { DATA_DIR: join(full, "nope") })).toMatchObject({ code: 2, err: expect.stringContaining("is not empty") });
    expect(cli(["restore", full], { DATA_DIR: join(full, "new") })).toMatchObject({ code: 2, err: expect.stringContaining("not a backup") });
    expect(cli(["backup", join(full, "x")], { DATA_DIR: full, DATABASE_URL: "postgres://127.0.0.1:1/x" })).toMatchObject({ code: 2, err: expect.stringContaining("pg_dump") });
    expect(cli(["backup"], { DATA_DIR: full }).code).toBe(2);
    expect(cli(["backup", join(full, "b")], { DATA_DIR: join(full, "missing") })).toMatchObject({ code: 1, err: expect.stringContaining("no embedded database") });
  }, 60_000);
});
