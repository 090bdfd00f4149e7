import { describe, expect, test } from "bun:test";
import { getResolvedPDFJS } from "unpdf";
import { copyPlainData, createInThreadPdfWorker, InThreadPort } from "./port.ts";

describe("copyPlainData", () => {
  test("equals structuredClone on pdf.js-like messages and shares nothing with the sender", () => {
    const styles = Object.create(null) as Record<string, unknown>;
    styles.g_d0_f1 = { fontFamily: "serif", ascent: 0.9, vertical: false };
    const items = [{ str: "Deductible", transform: [10, 0, 0, 10, 72, 700], hasEOL: false }, { type: "beginMarkedContent", id: null }];
    const message = { sourceName: "worker", stream: 4, chunk: { items, styles, lang: undefined }, holes: [1, , 3], n: 2n };
    const copy = copyPlainData(message) as typeof message;
    expect(copy).toEqual(structuredClone(message));
    expect(Object.getPrototypeOf(copy.chunk.styles)).toBe(Object.prototype);
    expect(1 in copy.holes).toBe(false);
    expect(copy.chunk.items).not.toBe(items);
    expect(copy.chunk.items[0]!.transform).not.toBe(items[0]!.transform);
    items.length = 0; // pdf.js empties its operator-list arrays once sent
    expect(copy.chunk.items).toHaveLength(2);
  });

  test("hands other values to structuredClone (typed arrays copied, Map, Error; functions throw)", () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const copy = copyPlainData({ bytes, map: new Map([["a", 1]]), err: new TypeError("x") }) as { bytes: Uint8Array; map: Map<string, number>; err: Error };
    expect(copy.bytes).toEqual(bytes);
    expect(copy.bytes.buffer).not.toBe(bytes.buffer);
    expect(copy.map.get("a")).toBe(1);
    expect(copy.err).toBeInstanceOf(TypeError);
    expect(() => copyPlainData({ f: () => 1 })).toThrow();
  });

  test("throws RangeError on a cycle", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => copyPlainData(a)).toThrow(RangeError);
  });
});

describe("InThreadPort", () => {
  test("delivers copies asynchronously, in order, to every listener until removed; a cycle or a transfer list is structuredClone'd", async () => {
    const port = new InThreadPort();
    const seen: unknown[] = [];
    const listener = (e: { data: unknown }) => seen.push(e.data);
    port.addEventListener("message", listener);
    const sent = { items: [1, 2] };
    port.postMessage(sent);
    const cyclic: Record<string, unknown> = { k: 1 };
    cyclic.self = cyclic;
    port.postMessage(cyclic);
    const buffer = new Uint8Array([7]).buffer;
    port.postMessage({ buffer }, [buffer]);
    expect(seen).toHaveLength(0);
    expect(buffer.byteLength).toBe(0); // transferred: detached on the sender
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toHaveLength(3);
    expect(seen[0]).toEqual(sent);
    expect(seen[0]).not.toBe(sent);
    expect((seen[1] as Record<string, unknown>).self).toBe(seen[1]);
    expect(new Uint8Array((seen[2] as { buffer: ArrayBuffer }).buffer)).toEqual(new Uint8Array([7]));
    port.removeEventListener("message", listener);
    port.postMessage(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toHaveLength(3);
  });

  test("an aborted signal's listener is not added; abort removes it", async () => {
    const port = new InThreadPort();
    const seen: unknown[] = [];
    port.addEventListener("message", (e) => seen.push(e.data), { signal: AbortSignal.abort() });
    const controller = new AbortController();
    port.addEventListener("message", (e) => seen.push(e.data), { signal: controller.signal });
    controller.abort();
    port.postMessage(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toEqual([]);
  });
});

test("createInThreadPdfWorker: unpdf's pdf.js build has the in-thread parser", async () => {
  const worker = createInThreadPdfWorker(await getResolvedPDFJS(), 0);
  expect(worker).not.toBeNull();
  await (worker!.worker as { promise: Promise<void> }).promise;
  worker!.destroy();
});
