/**
 * The worker side of a {@link WorkerPool}: `serveWorkerTasks(handler)` in a worker's entry module
 * runs each task the pool sends through `handler` and posts its result or failure back.
 */
import type { RemoteError, TaskMessage, WorkerReply } from "./protocol.ts";

/** The worker's global scope (bun-types declares `self` for the main thread only). */
declare const self: { addEventListener(type: "message", listener: (event: MessageEvent) => void): void };

/** What a task handler can do besides returning. */
export interface TaskContext<Ev> {
  /** Posts a progress event to the pool (delivered to the task's `onEvent`). */
  emit(data: Ev, transfer?: Bun.Transferable[]): void;
}

/** A handler's answer: the data, and which of its buffers to move rather than copy. */
export interface TaskOutput<Res> {
  readonly data: Res;
  readonly transfer?: Bun.Transferable[];
}

/**
 * Serves tasks in this worker (call once from the worker's entry module). A thrown error is
 * reported with its `name`, `message`, and, when present, `code`, boolean `retryable` and
 * boolean `recycle` (ask the pool to replace this worker).
 */
export function serveWorkerTasks<Req, Res, Ev = unknown>(handler: (payload: Req, ctx: TaskContext<Ev>) => Promise<TaskOutput<Res>>): void {
  const post = (reply: WorkerReply<Res, Ev>, transfer: Bun.Transferable[] = []) => postMessage(reply, transfer);
  self.addEventListener("message", async (event: MessageEvent<TaskMessage<Req>>) => {
    const msg = event.data;
    if (msg?.kind !== "task") return;
    const { taskId } = msg;
    try {
      const out = await handler(msg.payload, { emit: (data, transfer) => post({ kind: "event", taskId, data }, transfer) });
      post({ kind: "result", taskId, data: out.data }, out.transfer);
    } catch (raw) {
      post({ kind: "error", taskId, error: toRemoteError(raw) });
    }
  });
}

function toRemoteError(raw: unknown): RemoteError {
  const e = (typeof raw === "object" && raw !== null ? raw : {}) as { name?: unknown; message?: unknown; code?: unknown; retryable?: unknown; recycle?: unknown };
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(raw),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(typeof e.retryable === "boolean" ? { retryable: e.retryable } : {}),
    ...(e.recycle === true ? { recycle: true } : {}),
  };
}
