/**
 * The compiled `navigator` binary for tests: built once per test file into a temporary
 * directory by deploy/build.ts (with its release tarball and checksum). Building needs Linux on
 * x86-64 (the target), `tar`, and about 140 MB of disk; without them suites skip with a message,
 * and fail under CI=true.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildBinary, type BuiltBinary } from "../../deploy/build.ts";

/** Time a build may take on a loaded two-core machine, milliseconds (≈ 5–10 s measured). */
export const BINARY_BUILD_TIMEOUT_MS = 180_000;

/** Whether the binary can be built here, and why not. */
export function checkBinaryBuild(env: Record<string, string | undefined> = process.env) {
  const problems = [
    process.platform === "linux" && process.arch === "x64" ? "" : `the binary targets Linux x64, this is ${process.platform} ${process.arch}`,
    Bun.which("tar") ? "" : "tar is not installed",
  ].filter(Boolean);
  const available = problems.length === 0;
  const reason = available ? "" : `${problems.join("; ")}; ${env.CI === "true" ? "CI=true, so this is a failure" : "skipping the compiled-binary tests"}`;
  return { available, mustFail: !available && env.CI === "true", reason };
}

/** Builds the binary into a new temporary directory; `dispose` removes it. */
export async function buildTestBinary(): Promise<BuiltBinary & { readonly dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-binary-"));
  try {
    const built = await buildBinary({ outfile: join(dir, "navigator") });
    return { ...built, dir, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
