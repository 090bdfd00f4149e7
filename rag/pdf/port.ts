/**
 * The message port between pdf.js's API and its parser when both run in this thread.
 *
 * Without a worker file (the serverless build), pdf.js runs its parser in the calling thread and
 * passes every message through a `LoopbackPort` that `structuredClone`s it, as a real worker's
 * port would: the text runs of each page (the `GetTextContent` stream) are cloned item by item,
 * ~9% of a 232-page EOC's parse CPU. {@link createInThreadPdfWorker} opens the same parser on a
 * port ({@link InThreadPort}) that copies plain data (objects, arrays, primitives) in
 * JavaScript, which makes the same values (fresh objects and arrays, nothing shared with the
 * sender), and hands anything else to `structuredClone` as the loopback port does. pdf.js's own
 * way to run its parser on a given port: `new PDFWorker({ port })` and
 * `WorkerMessageHandler.initializeFromPort(port)`.
 */

/** A `message` listener of an {@link InThreadPort}. */
type Listener = (this: InThreadPort, event: { data: unknown }) => void;

/**
 * A copy of `value` equal to `structuredClone(value)` for what pdf.js sends: plain objects (with
 * `Object.prototype` or no prototype; copied as plain objects, own enumerable string keys) and
 * arrays are copied here, primitives are kept, and every other value (typed arrays, `Map`,
 * errors, class instances, a function that must throw `DataCloneError`) is `structuredClone`d.
 * References shared inside `value` are copied once each time they occur (pdf.js's messages are
 * trees). Throws `RangeError` on a cycle (the caller then clones the whole message).
 */
export function copyPlainData(value: unknown, depth = 0): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function" && typeof value !== "symbol")) return value;
  if (depth > MAX_COPY_DEPTH) throw new RangeError("message too deep to copy");
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) if (i in value) out[i] = copyPlainData(value[i], depth + 1);
    return out;
  }
  const proto = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object)) out[key] = copyPlainData((value as Record<string, unknown>)[key], depth + 1);
  return out;
}

/** Nesting depth beyond which {@link copyPlainData} gives up (a cycle) and the message is `structuredClone`d; pdf.js messages nest < 10 deep. */
export const MAX_COPY_DEPTH = 64;

/**
 * What `structuredClone(message, { transfer })` gives the receiver: a message with a transfer
 * list (the PDF's bytes, decoded images) or one {@link copyPlainData} cannot copy goes to
 * `structuredClone` whole, so transferred buffers are detached on the sender as before.
 */
function cloneMessage(message: unknown, transfer?: Bun.Transferable[] | null): unknown {
  if (transfer && transfer.length > 0) return structuredClone(message, { transfer });
  try {
    return copyPlainData(message);
  } catch (err) {
    if (err instanceof RangeError) return structuredClone(message);
    throw err;
  }
}

/**
 * pdf.js's `LoopbackPort` (one object both sides post to and listen on; delivery after the
 * current microtasks, in order) with {@link cloneMessage} in place of `structuredClone`.
 */
export class InThreadPort {
  readonly #listeners = new Map<Listener, (() => void) | null>();
  readonly #delivered = Promise.resolve();

  postMessage(message: unknown, transfer?: Bun.Transferable[] | null): void {
    const event = { data: cloneMessage(message, transfer) };
    void this.#delivered.then(() => {
      for (const [listener] of this.#listeners) listener.call(this, event);
    });
  }

  addEventListener(type: string, listener: Listener, options: { signal?: AbortSignal } | null = null): void {
    let unlisten: (() => void) | null = null;
    const signal = options?.signal;
    if (signal instanceof AbortSignal) {
      if (signal.aborted) return;
      const onAbort = () => this.removeEventListener(type, listener);
      unlisten = () => signal.removeEventListener("abort", onAbort);
      signal.addEventListener("abort", onAbort);
    }
    this.#listeners.set(listener, unlisten);
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }

  terminate(): void {
    for (const [, unlisten] of this.#listeners) unlisten?.();
    this.#listeners.clear();
  }
}

/** A pdf.js worker on an {@link InThreadPort} ({@link createInThreadPdfWorker}). */
export interface InThreadPdfWorker {
  /** pdf.js's `PDFWorker`: pass it as `getDocument({ worker })`. */
  readonly worker: unknown;
  /** Destroys the worker and closes the port; call it after the document's loading task is destroyed (pdf.js does not destroy a worker it was given). */
  destroy(): void;
}

/**
 * A pdf.js worker whose parser runs in this thread on an {@link InThreadPort}. Null when the
 * pdf.js build has no in-thread parser (`globalThis.pdfjsWorker.WorkerMessageHandler`, which
 * unpdf's build sets and pdf.js's fake worker uses too): then pdf.js's own fake worker is used.
 * @param pdfjs the resolved pdf.js module (unpdf's `getResolvedPDFJS()`)
 * @param verbosity pdf.js `VerbosityLevel` (0: errors only)
 */
export function createInThreadPdfWorker(pdfjs: unknown, verbosity: number): InThreadPdfWorker | null {
  const handler = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: { initializeFromPort?: (port: unknown) => void } } }).pdfjsWorker?.WorkerMessageHandler;
  const PDFWorker = (pdfjs as { PDFWorker?: new (params: { port: unknown; verbosity: number }) => { destroy(): void } }).PDFWorker;
  if (typeof handler?.initializeFromPort !== "function" || typeof PDFWorker !== "function") return null;
  const port = new InThreadPort();
  handler.initializeFromPort(port);
  const worker = new PDFWorker({ port, verbosity });
  return {
    worker,
    destroy() {
      worker.destroy();
      port.terminate();
    },
  };
}
