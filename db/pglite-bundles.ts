/**
 * PGlite extensions inside a compiled `navigator` binary. `bun build --compile` embeds PGlite's
 * files (deploy/build.ts passes them as `--asset`s) under the virtual root `/$bunfs/root/`, where
 * `fs.readFile` reads them but `fs.createReadStream` — which PGlite uses for extension bundles —
 * does not. An extension whose bundle lies there is therefore copied once to a real file under the
 * system's temporary directory, named by the bundle's size and content hash, and loaded from it.
 * Outside a compiled binary the extension is returned unchanged.
 */
import { mkdir, rename, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Extension } from "@electric-sql/pglite";

/** Path prefix of files embedded in a Bun standalone executable. */
export const BUNFS_ROOT = "/$bunfs/";
/** Folder under the temporary directory that holds extension bundles copied out of the binary. */
export const EXTRACTED_BUNDLES_DIR = "navigator-pglite-bundles";

/** Whether this code runs inside a `bun build --compile` executable. */
export function isCompiledBinary(): boolean {
  return Bun.main.startsWith(BUNFS_ROOT) || import.meta.url.startsWith(`file://${BUNFS_ROOT}`);
}

/**
 * Wraps `extension` so that a bundle embedded in the binary is loaded from a real file (see the
 * module comment); `dir` is where copies go (default `<tmpdir>/navigator-pglite-bundles`).
 * @throws (from setup) the file system's error when the copy cannot be written.
 */
export function loadableExtension(extension: Extension, dir = join(tmpdir(), EXTRACTED_BUNDLES_DIR)): Extension {
  return {
    name: extension.name,
    async setup(pg, emscriptenOpts, clientOnly) {
      const result = await extension.setup(pg, emscriptenOpts, clientOnly);
      const bundle = result.bundlePath;
      if (!bundle || bundle.protocol !== "file:") return result;
      const path = fileURLToPath(bundle);
      if (!path.startsWith(BUNFS_ROOT)) return result;
      return { ...result, bundlePath: pathToFileURL(await extractBundle(path, dir)) };
    },
  };
}

/** Copies an embedded file to `dir/<hash>-<name>` unless an identical copy exists; returns its path. */
async function extractBundle(embeddedPath: string, dir: string): Promise<string> {
  const bytes = new Uint8Array(await Bun.file(embeddedPath).arrayBuffer());
  const hash = new Bun.CryptoHasher("sha256").update(bytes).digest("hex").slice(0, 16);
  const target = join(dir, `${hash}-${embeddedPath.split("/").pop()}`);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.size === bytes.byteLength) return target;
  await mkdir(dir, { recursive: true });
  // Write then rename, so that two processes starting at once never read a half-written copy.
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, target);
  return target;
}

/**
 * Where a Bun Worker's module is: `sourceUrl` (the `.ts` file beside the caller) when running from
 * source; inside a compiled binary, the copy deploy/build.ts compiled in as an extra entrypoint,
 * which Bun places at `/$bunfs/root/<repoPath with .js>` (so `new URL("./x.ts", import.meta.url)`
 * would point at a file that is not there).
 * @param repoPath the worker's path from the repository root, e.g. `db/pglite/host.ts`; it must be
 *   listed in deploy/build.ts `WORKER_ENTRYPOINTS`.
 */
export function workerModuleUrl(sourceUrl: URL, repoPath: string): string {
  return isCompiledBinary() ? `${BUNFS_ROOT}root/${repoPath.replace(/\.ts$/, ".js")}` : sourceUrl.href;
}
