/**
 * Test support for the browser tests: Debian's `chromium` driven by `playwright-core` (no
 * browser download: `.ci/run` installs the package), each browser with a fresh profile.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's chromium (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Flags of every test browser: headless, no sandbox (root in CI), nothing fetched from outside. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
] as const;

/** Whether chromium is there, and what to say when it is not (fails under `CI=true`). */
export function requireChromium(env: Record<string, string | undefined> = process.env) {
  const available = existsSync(CHROMIUM_PATH);
  const reason = available
    ? ""
    : `${CHROMIUM_PATH} not found (apt-get install -y chromium); ` +
      (env.CI === "true" ? "CI=true, so this is a failure" : "skipping the browser tests");
  return { available, mustFail: !available && env.CI === "true", reason };
}

/** One browser with its own fresh profile (`--user-data-dir`), removed on close. */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches chromium with {@link CHROMIUM_ARGS} and a new temporary profile; `viewport` in CSS pixels. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "navigator-chromium-"));
  try {
    // launchPersistentContext passes the profile as --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
