/** PGlite in a worker thread: the embedded database off the event loop. */
export { openWorkerPglite, type PgliteQueryable, type WorkerPglite } from "./client.ts";
export type { PgliteHostOptions } from "./protocol.ts";
