import { loadConfig } from "../../http/config.ts";
import { createNavigator } from "../../http/navigator.ts";
import { createCliLogger } from "../logger.ts";

/** `navigator serve`: starts the HTTP API on embedded defaults (or `DATABASE_URL`); stops on SIGINT/SIGTERM. */
export async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createCliLogger(config.logLevel);
  const nav = await createNavigator(config, { logger });
  const { url } = await nav.listen();
  logger.info({ url, dataDir: config.dataDir, database: nav.database.kind }, `Navigator listening on ${url} (API docs at ${url}/docs)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await nav.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}
