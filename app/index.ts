/**
 * The composition root: configuration (config.ts), storage without HTTP (storage.ts), providers
 * (providers.ts), messaging (messaging.ts) and the whole Navigator process (navigator.ts). Only
 * `cli/`, `bench/` and tests import this folder; `http/` never does.
 */
export * from "./config.ts";
export * from "./messaging.ts";
export * from "./navigator.ts";
export * from "./provider-config.ts";
export * from "./providers.ts";
export * from "./storage.ts";
export * from "./vector-config.ts";
export { BUILD_COMMIT, NAVIGATOR_VERSION } from "./version.ts";
export { DataDirLockedError, lockDataDir, preparePrivateDataDir, tightenModes } from "./data-dir.ts";
