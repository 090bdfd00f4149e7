/**
 * Repository metrics: {@link instrumentRepositories} wraps every method of every repository so
 * each call reports its duration and outcome under the operation name `<repository>.<method>`
 * (e.g. `chunks.search`), and counts the calls in flight. Names are fixed code identifiers: no
 * user id or text ever becomes a label.
 */
import type { Repositories } from "./repositories/index.ts";

/** Receives repository events (every method optional; must not throw). */
export interface DatabaseObserver {
  /** One repository call ended after `seconds`; `ok` false when it threw. */
  operation?(name: string, seconds: number, ok: boolean): void;
  /** Repository calls running now changed by `delta` (+1 at start, −1 at end). */
  inFlight?(delta: number): void;
}

/**
 * Returns `repos` with every function-valued property of each repository timed through
 * `observer` (promises are timed until they settle). Non-function properties pass through.
 */
export function instrumentRepositories(repos: Repositories, observer: DatabaseObserver): Repositories {
  const out: Record<string, unknown> = {};
  for (const [repoName, repo] of Object.entries(repos)) {
    const wrapped: Record<string, unknown> = {};
    for (const [method, value] of Object.entries(repo as Record<string, unknown>)) {
      wrapped[method] = typeof value === "function" ? timed(`${repoName}.${method}`, value as (...a: unknown[]) => unknown, repo, observer) : value;
    }
    out[repoName] = wrapped;
  }
  return out as unknown as Repositories;
}

function timed(name: string, fn: (...a: unknown[]) => unknown, self: unknown, observer: DatabaseObserver) {
  return (...args: unknown[]) => {
    const startedAt = performance.now();
    const end = (ok: boolean) => {
      observer.inFlight?.(-1);
      observer.operation?.(name, (performance.now() - startedAt) / 1000, ok);
    };
    observer.inFlight?.(1);
    let result: unknown;
    try {
      result = fn.apply(self, args);
    } catch (error) {
      end(false);
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => (end(true), value),
        (error: unknown) => {
          end(false);
          throw error;
        },
      );
    }
    end(true);
    return result;
  };
}
