/**
 * The version this build reports (`navigator --version`, `/health`, `/docs`): `package.json`'s
 * version, plus `+<git commit>` when deploy/build.ts compiled the binary (it defines
 * `NAVIGATOR_BUILD_COMMIT`), e.g. `0.1.0+1673878`; SemVer build metadata, so releases compare
 * by their version alone.
 */
import pkg from "../package.json" with { type: "json" };

declare const NAVIGATOR_BUILD_COMMIT: string | undefined;

/** The commit a compiled binary was built from (undefined when run from source). */
export const BUILD_COMMIT: string | undefined = typeof NAVIGATOR_BUILD_COMMIT === "string" && NAVIGATOR_BUILD_COMMIT !== "" ? NAVIGATOR_BUILD_COMMIT : undefined;

/** Version of this build: `<package.json version>[+<commit>]`. */
export const NAVIGATOR_VERSION: string = BUILD_COMMIT ? `${pkg.version}+${BUILD_COMMIT}` : pkg.version;
