/** Static assets served from memory: the bytes, their gzip form, and the response that fits the request. */

/** `Cache-Control` of an asset whose URL changes with its content (a hash or a pinned version in it): one day. */
export const ASSET_CACHE_CONTROL = "public, max-age=86400, immutable";

/** An asset held in memory. */
export interface StaticAsset {
  readonly contentType: string;
  readonly raw: Uint8Array<ArrayBuffer>;
  /** `raw` gzipped (level 6, Bun's default). */
  readonly gzip: Uint8Array<ArrayBuffer>;
}

/** An asset of `bytes` (gzipped now, once). */
export function toAsset(bytes: Uint8Array, contentType: string): StaticAsset {
  const raw = new Uint8Array(bytes);
  return { contentType, raw, gzip: new Uint8Array(Bun.gzipSync(raw)) };
}

/**
 * Reads a file into an asset.
 * @throws the file system's error when `path` cannot be read.
 */
export async function loadAsset(path: string, contentType: string): Promise<StaticAsset> {
  return toAsset(await Bun.file(path).bytes(), contentType);
}

/** The asset's response: gzipped when the request accepts it, with `Vary: Accept-Encoding`. */
export function assetResponse(request: Request, asset: StaticAsset, cacheControl: string): Response {
  const gzipped = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
  return new Response(gzipped ? asset.gzip : asset.raw, {
    headers: {
      "content-type": asset.contentType,
      "cache-control": cacheControl,
      vary: "accept-encoding",
      "x-content-type-options": "nosniff",
      ...(gzipped ? { "content-encoding": "gzip" } : {}),
    },
  });
}
