/** Bun Worker pool for CPU-heavy tasks (see pool.ts), and the worker side (serve.ts). */
export { createWorkerPool, DEFAULT_WORKER_IDLE_TIMEOUT_MS, DEFAULT_WORKER_TASK_TIMEOUT_MS } from "./pool.ts";
export type { RunOptions, WorkerPool, WorkerPoolOptions, WorkerPoolStats } from "./pool.ts";
export { WorkerPoolError, WorkerTaskError } from "./errors.ts";
export type { WorkerPoolErrorCode } from "./errors.ts";
export { serveWorkerTasks } from "./serve.ts";
export type { TaskContext, TaskOutput } from "./serve.ts";
export type { RemoteError, TaskMessage, WorkerReply } from "./protocol.ts";
