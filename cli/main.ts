#!/usr/bin/env bun
/** `navigator <command>`: serve | cluster | ingest | ask | eval | migrate | reembed. */
import { ask } from "./commands/ask.ts";
import { clusterCommand } from "./commands/cluster.ts";
import { evaluate } from "./commands/eval.ts";
import { ingest } from "./commands/ingest.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { reembedCommand } from "./commands/reembed.ts";
import { serve } from "./commands/serve.ts";

const USAGE = `usage: navigator <command>
  serve [--roles api,agent,ingest]        start a node: the HTTP API (PORT, default 8080), agents,
                                          ingestion; a subset of roles needs NATS_URL (a cluster)
  cluster [--api N] [--agent N] [--ingest N] [--port BASE]
                                          run a local cluster: N processes per role (default 1)
                                          on NATS_URL and DATABASE_URL; API ports from BASE (8080)
  ingest FILE... --user EMAIL [--create]  ingest PDFs for a user, with a progress bar
  ask "QUESTION" --user EMAIL [--json]    answer from that user's documents
  eval --cases FILE --corpus DIR [--json] run the QA evaluation offline
  migrate                                 apply database migrations
  reembed [--batch N]                     re-embed every stored chunk with the configured
                                          embedding model (after changing it)`;

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case "serve":
      process.exitCode = (await serve(rest)) ?? 0;
      break;
    case "cluster":
      process.exitCode = await clusterCommand(rest);
      break;
    case "ingest":
      process.exitCode = await ingest(rest);
      break;
    case "ask":
      process.exitCode = await ask(rest);
      break;
    case "eval":
      process.exitCode = await evaluate(rest);
      break;
    case "migrate":
      process.exitCode = await migrateCommand();
      break;
    case "reembed":
      process.exitCode = await reembedCommand(rest);
      break;
    default:
      console.error(USAGE);
      process.exitCode = command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
} catch (error) {
  console.error(`navigator ${command}: ${(error as Error).message}`);
  process.exitCode = 1;
}
