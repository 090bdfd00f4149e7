import { basename } from "node:path";
import { parseArgs } from "node:util";
import { endProgress, renderProgress } from "../progress.ts";
import { openNavigator, userByEmail } from "./open.ts";

/** `navigator ingest FILE... --user EMAIL [--create]`: ingests PDFs for a user with a progress bar. */
export async function ingest(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { user: { type: "string" }, create: { type: "boolean" } } });
  if (!values.user || positionals.length === 0) {
    console.error("usage: navigator ingest FILE... --user EMAIL [--create]");
    return 2;
  }
  const nav = await openNavigator();
  let failed = 0;
  try {
    const userId = await userByEmail(nav, values.user, values.create ?? false);
    for (const file of positionals) {
      const label = basename(file);
      const bytes = new Uint8Array(await Bun.file(file).arrayBuffer());
      let jobId: string;
      try {
        jobId = (await nav.documents.submit(userId, { filename: label, bytes })).job.id;
      } catch (error) {
        console.error(`${label}: ${(error as Error).message}`);
        failed++;
        continue;
      }
      const off = nav.events.subscribe((e) => e.jobId === jobId && renderProgress(label, e.pct, e.status));
      const result = await nav.queue.whenDone(jobId);
      off();
      endProgress();
      if (result.status === "complete") {
        console.log(`${label}: ${result.pages} pages, ${result.chunks} chunks in ${(result.durationMs / 1000).toFixed(2)} s`);
      } else {
        const job = await nav.repos.jobs.get(userId, jobId);
        console.error(`${label}: failed — ${job?.lastError?.code}: ${job?.lastError?.message}`);
        failed++;
      }
    }
  } finally {
    await nav.close();
  }
  return failed > 0 ? 1 : 0;
}
