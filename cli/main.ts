#!/usr/bin/env bun
/**
 * `navigator <command>`: serve | cluster | ingest | ask | eval | migrate | reembed | backup |
 * restore | rehearse | --version. Each command's module is loaded when it runs, so a command
 * (and `--version`) loads only what it uses.
 */
import { NAVIGATOR_VERSION } from "../app/version.ts";
// Not ../db/index.ts: that would load the database drivers for every command, even --version.
import { isCompiledBinary } from "../db/pglite-bundles.ts";

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
  backup DEST                             copy the embedded DATA_DIR (database dump, uploads,
                                          jwt-secret) into the new folder DEST; server stopped
  restore SRC                             recreate an empty DATA_DIR from such a backup
  --version                               print the version (also in GET /health)
  rehearse JOB.nomad.hcl [--var-file F] [--variables F.nv.hcl] [--counts api=1,agent=1,ingest=1]
                                          run a Nomad job locally as Nomad would, check its checks
                                          (from a source checkout: bun run navigator rehearse …)
  reembed [--batch N]                     re-embed every stored chunk with the configured
                                          embedding model (after changing it)`;

const [command, ...rest] = process.argv.slice(2);
try {
  switch (command) {
    case "serve":
      process.exitCode = (await (await import("./commands/serve.ts")).serve(rest)) ?? 0;
      break;
    case "cluster":
      process.exitCode = await (await import("./commands/cluster.ts")).clusterCommand(rest);
      break;
    case "ingest":
      process.exitCode = await (await import("./commands/ingest.ts")).ingest(rest);
      break;
    case "ask":
      process.exitCode = await (await import("./commands/ask.ts")).ask(rest);
      break;
    case "eval":
      process.exitCode = await (await import("./commands/eval.ts")).evaluate(rest);
      break;
    case "migrate":
      process.exitCode = await (await import("./commands/migrate.ts")).migrateCommand();
      break;
    case "--version":
    case "version":
      console.log(`navigator ${NAVIGATOR_VERSION}`);
      break;
    case "rehearse": {
      // Loaded on demand: its HCL parser reads its WASM from node_modules, which a compiled binary lacks.
      if (isCompiledBinary()) throw new Error("runs from a source checkout (bun run navigator rehearse …), not from the compiled binary");
      const { rehearseCommand } = await import("./commands/rehearse.ts");
      // Exit explicitly: the HCL parser's Go WASM runtime keeps the event loop alive.
      process.exit(await rehearseCommand(rest));
      break;
    }
    case "backup":
      process.exitCode = await (await import("./commands/backup.ts")).backupCommand(rest);
      break;
    case "restore":
      process.exitCode = await (await import("./commands/backup.ts")).restoreCommand(rest);
      break;
    case "reembed":
      process.exitCode = await (await import("./commands/reembed.ts")).reembedCommand(rest);
      break;
    default:
      console.error(USAGE);
      process.exitCode = command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
} catch (error) {
  console.error(`navigator ${command}: ${(error as Error).message}`);
  process.exitCode = 1;
}
