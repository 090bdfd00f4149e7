/**
 * The member's web page at `/`: `web/index.html` and what it imports, bundled by `Bun.build` when
 * the server starts (no build step to forget, nothing from a CDN), served from memory with
 * content-hashed names; pdf.js (`pdfjs-dist`, pinned in package.json) is served from
 * node_modules under a versioned path and loaded only when a citation is opened.
 */
import { dirname, join } from "node:path";
import { Elysia, NotFoundError } from "elysia";
import { ASSET_CACHE_CONTROL, assetResponse, loadAsset, toAsset, type StaticAsset } from "../assets.ts";

/** The page's source folder. */
export const WEB_SOURCE_DIR = join(import.meta.dir, "..", "..", "web");
/** URL prefix of the built assets and pdf.js. */
export const ASSETS_PREFIX = "/assets/";
/** `Cache-Control` of the page itself: revalidate every time (its asset names change with each build). */
const PAGE_CACHE_CONTROL = "no-cache";

/** The built page: `/` plus assets by URL path (pdf.js's files are read and gzipped on first request). */
export interface WebBundle {
  readonly page: StaticAsset;
  readonly assets: ReadonlyMap<string, () => Promise<StaticAsset>>;
}

/**
 * Bundles `web/index.html` (TypeScript and CSS it links, minified, hashed names under `/assets/`)
 * and adds pdf.js's module and worker under `/assets/pdfjs-<version>/`, whose URLs the page reads
 * from `<meta name="pdfjs-module">` / `<meta name="pdfjs-worker">`.
 * @throws Error listing the build's messages when the bundle fails.
 */
export async function buildWebBundle(sourceDir: string = WEB_SOURCE_DIR): Promise<WebBundle> {
  const result = await Bun.build({
    entrypoints: [join(sourceDir, "index.html")],
    target: "browser",
    minify: true,
    publicPath: ASSETS_PREFIX,
    naming: { entry: "[name]-[hash].[ext]", chunk: "[name]-[hash].[ext]", asset: "[name]-[hash].[ext]" },
  });
  if (!result.success) throw new Error(`web page build failed: ${result.logs.map(String).join("; ")}`);
  const pdfjsRoot = dirname(Bun.resolveSync("pdfjs-dist/package.json", sourceDir));
  const pdfjsVersion = ((await Bun.file(join(pdfjsRoot, "package.json")).json()) as { version: string }).version;
  const pdfjsPrefix = `${ASSETS_PREFIX}pdfjs-${pdfjsVersion}/`;
  const assets = new Map<string, () => Promise<StaticAsset>>();
  let page: StaticAsset | undefined;
  for (const output of result.outputs) {
    const name = output.path.replace(/^\.\//, "");
    if (name.endsWith(".html")) {
      const html = (await output.text())
        .replace("%PDFJS_MODULE%", `${pdfjsPrefix}pdf.min.mjs`)
        .replace("%PDFJS_WORKER%", `${pdfjsPrefix}pdf.worker.min.mjs`);
      page = toAsset(new TextEncoder().encode(html), "text/html; charset=utf-8");
    } else {
      const asset = Promise.resolve(toAsset(new Uint8Array(await output.arrayBuffer()), output.type));
      assets.set(ASSETS_PREFIX + name, () => asset);
    }
  }
  if (!page) throw new Error("web page build produced no index.html");
  for (const file of ["pdf.min.mjs", "pdf.worker.min.mjs"]) {
    let asset: Promise<StaticAsset> | undefined;
    assets.set(pdfjsPrefix + file, () => (asset ??= loadAsset(join(pdfjsRoot, "build", file), "text/javascript; charset=utf-8")));
  }
  return { page, assets };
}

/**
 * `GET /` (the page) and `GET /assets/*`. The bundle is built once, starting when the routes are
 * made (server start); a failed build answers 500 and is logged by the app's error handler.
 */
export function webRoutes(build: () => Promise<WebBundle> = buildWebBundle) {
  const bundle = build();
  bundle.catch(() => undefined); // reported on the first request, not as an unhandled rejection
  return new Elysia({ name: "navigator-web" })
    .get("/", async ({ request }) => assetResponse(request, (await bundle).page, PAGE_CACHE_CONTROL), { detail: { hide: true } })
    .get(
      "/assets/*",
      async ({ request, path }) => {
        const asset = (await bundle).assets.get(path);
        if (!asset) throw new NotFoundError(); // → 404 route_not_found
        return assetResponse(request, await asset(), ASSET_CACHE_CONTROL);
      },
      { detail: { hide: true } },
    );
}
