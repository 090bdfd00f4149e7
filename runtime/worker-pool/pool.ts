/**
 * A pool of Bun Workers running CPU-heavy tasks off the event loop. Each worker runs one task at a
 * time; tasks wait in FIFO order for a free worker. A task past its time budget has its worker
 * terminated (not just abandoned: a runaway parse stops using CPU and memory) and replaced; a
 * worker that dies mid-task fails that task as retryable. Workers start on demand and stop after
 * being idle for `idleTimeoutMs`, so an idle server holds no worker memory.
 */
import type { Logger } from "../types.ts";
import { WorkerPoolError, WorkerTaskError } from "./errors.ts";
import type { TaskMessage, WorkerReply } from "./protocol.ts";

/** Default time budget of one task, milliseconds. */
export const DEFAULT_WORKER_TASK_TIMEOUT_MS = 120_000;
/** Default idle time after which a worker is stopped, milliseconds (0 = never). */
export const DEFAULT_WORKER_IDLE_TIMEOUT_MS = 30_000;

/** Options of {@link createWorkerPool}. */
export interface WorkerPoolOptions {
  /** The worker's entry module (it calls `serveWorkerTasks`). */
  readonly url: string | URL;
  /** Most workers alive at once, integer ≥ 1. */
  readonly size: number;
  /** Time budget of a task, milliseconds, integer ≥ 1. Default {@link DEFAULT_WORKER_TASK_TIMEOUT_MS}. */
  readonly taskTimeoutMs?: number;
  /** Idle worker lifetime, milliseconds, integer ≥ 0 (0: keep workers). Default {@link DEFAULT_WORKER_IDLE_TIMEOUT_MS}. */
  readonly idleTimeoutMs?: number;
  /** Start workers with Bun's `smol` heap (less memory, more GC: the EOC parsed ~1.5× slower, measured). Default false. */
  readonly smol?: boolean;
}

/** Per-task options of {@link WorkerPool.run}. */
export interface RunOptions<Ev> {
  /** Buffers of the payload to move to the worker instead of copying (they become unusable here). */
  readonly transfer?: Bun.Transferable[];
  /** Overrides the pool's `taskTimeoutMs` for this task (milliseconds, counted from when a worker takes it). */
  readonly timeoutMs?: number;
  /** Receives the task's progress events, in order. */
  readonly onEvent?: (data: Ev) => void;
}

/** Counts of a pool, for health and tests. */
export interface WorkerPoolStats {
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  /** Workers started since the pool was created (replacements included). */
  readonly started: number;
}

/** A running pool. */
export interface WorkerPool<Req, Res, Ev = unknown> {
  /**
   * Runs `payload` in a worker.
   * @throws WorkerPoolError `worker_timeout` (not retryable; the worker was terminated),
   *   `worker_crashed` (retryable; the worker died or was killed), `worker_pool_closed`
   * @throws WorkerTaskError what the task's handler threw (its `code` and `retryable`)
   */
  run(payload: Req, options?: RunOptions<Ev>): Promise<Res>;
  stats(): WorkerPoolStats;
  /**
   * Terminates every worker running a task, as if it had crashed: those tasks reject with
   * retryable `worker_crashed` and the workers are replaced on demand. For operators and tests.
   * @returns how many workers were terminated
   */
  killBusy(): number;
  /** Terminates every worker; running and queued tasks reject with `worker_pool_closed`. Idempotent. */
  close(): Promise<void>;
}

interface Pending<Req, Res, Ev> {
  readonly payload: Req;
  readonly options: RunOptions<Ev>;
  readonly resolve: (value: Res) => void;
  readonly reject: (error: Error) => void;
}

interface Slot<Req, Res, Ev> {
  readonly id: number;
  readonly worker: Worker;
  task?: Pending<Req, Res, Ev> & { readonly taskId: number; readonly timer: ReturnType<typeof setTimeout> };
  idleTimer?: ReturnType<typeof setTimeout>;
  dead: boolean;
}

/**
 * Creates a pool (no worker starts until the first task).
 * @throws RangeError when `size`, `taskTimeoutMs` or `idleTimeoutMs` is out of range
 */
export function createWorkerPool<Req, Res, Ev = unknown>(deps: { logger: Logger }, options: WorkerPoolOptions): WorkerPool<Req, Res, Ev> {
  const { size } = options;
  const taskTimeoutMs = options.taskTimeoutMs ?? DEFAULT_WORKER_TASK_TIMEOUT_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_WORKER_IDLE_TIMEOUT_MS;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`size must be an integer ≥ 1, got ${size}`);
  if (!Number.isInteger(taskTimeoutMs) || taskTimeoutMs < 1) throw new RangeError(`taskTimeoutMs must be an integer ≥ 1, got ${taskTimeoutMs}`);
  if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0) throw new RangeError(`idleTimeoutMs must be an integer ≥ 0, got ${idleTimeoutMs}`);
  const url = String(options.url);
  const log = deps.logger.child({ component: "worker-pool" });
  const slots = new Set<Slot<Req, Res, Ev>>();
  const queue: Pending<Req, Res, Ev>[] = [];
  let started = 0;
  let nextTaskId = 1;
  let closed = false;

  const spawn = (): Slot<Req, Res, Ev> => {
    const worker = new Worker(url, { smol: options.smol ?? false } as WorkerOptions);
    const slot: Slot<Req, Res, Ev> = { id: ++started, worker, dead: false };
    slots.add(slot);
    worker.onmessage = (event: MessageEvent<WorkerReply<Res, Ev>>) => onReply(slot, event.data);
    worker.addEventListener("error", (event) => {
      const message = (event as ErrorEvent).message ?? "uncaught error";
      log.warn({ worker: slot.id, err: message }, "worker error");
      retire(slot, new WorkerPoolError("worker_crashed", `the worker failed: ${message}`, { retryable: true }));
    });
    worker.addEventListener("close", () => retire(slot, new WorkerPoolError("worker_crashed", "the worker exited while running the task", { retryable: true })));
    return slot;
  };

  /** Removes a slot for good, failing its task with `error`, and lets the queue move on. */
  const retire = (slot: Slot<Req, Res, Ev>, error: Error) => {
    if (slot.dead) return;
    slot.dead = true;
    slots.delete(slot);
    clearTimeout(slot.idleTimer);
    const task = slot.task;
    slot.task = undefined;
    if (task) {
      clearTimeout(task.timer);
      task.reject(error);
    }
    slot.worker.terminate();
    dispatch();
  };

  const onReply = (slot: Slot<Req, Res, Ev>, reply: WorkerReply<Res, Ev>) => {
    const task = slot.task;
    if (!task || reply?.taskId !== task.taskId) return;
    if (reply.kind === "event") {
      try {
        task.options.onEvent?.(reply.data);
      } catch (error) {
        log.warn({ err: String(error) }, "task event listener threw");
      }
      return;
    }
    clearTimeout(task.timer);
    slot.task = undefined;
    if (reply.kind === "result") task.resolve(reply.data);
    else {
      const e = reply.error;
      task.reject(new WorkerTaskError(e.code ?? "worker_task_failed", e.message, { retryable: e.retryable ?? false, remoteName: e.name }));
      if (e.recycle) {
        log.info({ worker: slot.id, code: e.code }, "replacing a worker at its budget");
        slot.dead = true;
        slots.delete(slot);
        slot.worker.terminate();
      }
    }
    dispatch();
  };

  const dispatch = () => {
    while (queue.length > 0 && !closed) {
      let slot = [...slots].find((s) => !s.task);
      if (!slot) {
        if (slots.size >= size) return;
        slot = spawn();
      }
      const pending = queue.shift()!;
      clearTimeout(slot.idleTimer);
      slot.idleTimer = undefined;
      const taskId = nextTaskId++;
      const budget = pending.options.timeoutMs ?? taskTimeoutMs;
      const busy = slot;
      const timer = setTimeout(() => {
        log.warn({ worker: busy.id, timeoutMs: budget }, "terminating a worker past its time budget");
        retire(busy, new WorkerPoolError("worker_timeout", `the task ran longer than ${budget} ms`, { retryable: false }));
      }, budget);
      slot.task = { ...pending, taskId, timer };
      const msg: TaskMessage<Req> = { kind: "task", taskId, payload: pending.payload };
      try {
        slot.worker.postMessage(msg, pending.options.transfer ?? []);
      } catch (error) {
        retire(slot, new WorkerPoolError("worker_crashed", `the task could not be sent to a worker: ${String(error)}`, { retryable: true, cause: error }));
      }
    }
    if (idleTimeoutMs > 0) {
      for (const slot of slots) {
        if (slot.task || slot.idleTimer) continue;
        slot.idleTimer = setTimeout(() => {
          if (slot.task) return;
          slot.dead = true;
          slots.delete(slot);
          slot.worker.terminate();
        }, idleTimeoutMs);
        (slot.idleTimer as { unref?: () => void }).unref?.();
      }
    }
  };

  return {
    run(payload, runOptions = {}) {
      if (closed) return Promise.reject(new WorkerPoolError("worker_pool_closed", "the worker pool is closed", { retryable: false }));
      return new Promise<Res>((resolve, reject) => {
        queue.push({ payload, options: runOptions, resolve, reject });
        dispatch();
      });
    },
    stats: () => ({ workers: slots.size, busy: [...slots].filter((s) => s.task).length, queued: queue.length, started }),
    killBusy() {
      const busy = [...slots].filter((s) => s.task);
      for (const slot of busy) retire(slot, new WorkerPoolError("worker_crashed", "the worker was terminated while running the task", { retryable: true }));
      return busy.length;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Retryable: a job cut off by a stopping process is re-queued by the next one, not failed.
      const error = new WorkerPoolError("worker_pool_closed", "the worker pool is closed", { retryable: true });
      for (const pending of queue.splice(0)) pending.reject(error);
      for (const slot of [...slots]) retire(slot, error);
    },
  };
}
