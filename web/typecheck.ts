/**
 * `bun run typecheck`'s second pass: the page and the browser test against the DOM's types
 * (web/tsconfig.json). That program also reads the server's files (the page's typed client takes
 * its types from `http/app.ts`); those are checked under Bun's types by the first pass, and the
 * DOM's narrower types (e.g. `BodyInit` without `Uint8Array<ArrayBufferLike>`) would flag them
 * falsely, so only diagnostics in browser code are reported here.
 * Exit code: 1 when browser code has a type error, else 0.
 */
const BROWSER_CODE = /^(web\/|test\/browser-chromium\.test\.ts)/;

const root = new URL("..", import.meta.url).pathname;
const proc = Bun.spawn(["bunx", "tsc", "--noEmit", "--pretty", "false", "-p", "web"], { cwd: root, stdout: "pipe", stderr: "inherit" });
const output = await new Response(proc.stdout).text();
await proc.exited;
// A diagnostic starts with `path(line,col): error TSnnnn:`; its indented lines follow it.
const diagnostics = output.split(/\n(?=\S)/).filter((d) => d.trim().length > 0);
const reported = diagnostics.filter((d) => BROWSER_CODE.test(d));
for (const d of reported) console.error(d);
if (reported.length === 0 && diagnostics.length > 0 && !diagnostics.some((d) => /^\S+\(\d+,\d+\): error/.test(d))) {
  // Not a per-file diagnostic (e.g. a broken tsconfig): report it.
  for (const d of diagnostics) console.error(d);
  process.exit(1);
}
process.exit(reported.length > 0 ? 1 : 0);
