/** Helpers for configuration tests. */
import { expect } from "bun:test";
import { ConfigError } from "../../app/config.ts";

/**
 * Runs `fn`, expecting it to throw a {@link ConfigError}; returns that error.
 * @throws Error when `fn` returns normally.
 */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}
