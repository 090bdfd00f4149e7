import { describe, expect, test } from "bun:test";
import { type AccessClaims, createAuthenticator, VERIFIED_TOKEN_CACHE_MAX_ENTRIES } from "./authenticate.ts";

const USER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

/** A verifier accepting tokens "good-<n>" (exp from `exps`), counting its calls; a fake clock. */
function setup(exp = 10_000) {
  const clock = { t: 1_000_000 };
  const calls: string[] = [];
  const jwt = {
    async verify(token?: string): Promise<false | AccessClaims> {
      calls.push(token ?? "");
      // Rejects from its exp second on, as @elysiajs/jwt (jose) does.
      return token?.startsWith("good") && Math.floor(clock.t / 1000) < exp ? { sub: USER, exp, ver: 0 } : false;
    },
  };
  const users = { tokenState: async () => ({ revoked: false, tokenVersion: 0 }) };
  const auth = createAuthenticator({ users, jwt, clock: { now: () => clock.t } }, { cacheTtlMs: 0, verifiedTtlMs: 60_000 });
  return { clock, calls, auth };
}

describe("verified token cache", () => {
  test("a verified token is not verified again while trusted; another token is", async () => {
    const { calls, auth, clock } = setup();
    await auth.authenticate("good-1");
    clock.t += 59_000;
    await auth.authenticate("good-1");
    expect(calls).toEqual(["good-1"]);
    await auth.authenticate("good-2");
    expect(calls).toEqual(["good-1", "good-2"]);
    clock.t += 2_000; // past the 60 s trust: verified again
    await auth.authenticate("good-1");
    expect(calls).toEqual(["good-1", "good-2", "good-1"]);
  });

  test("never past the token's exp; a rejected token is never kept", async () => {
    const { calls, auth, clock } = setup(1_010); // exp 10 s after the clock's start
    await auth.authenticate("good-1");
    clock.t = 1_010_000;
    await expect(auth.authenticate("good-1")).rejects.toMatchObject({ code: "invalid_token" });
    expect(calls).toEqual(["good-1", "good-1"]);
    await expect(auth.authenticate("bad")).rejects.toMatchObject({ code: "invalid_token" });
    await expect(auth.authenticate("bad")).rejects.toMatchObject({ code: "invalid_token" });
    expect(calls.filter((c) => c === "bad")).toHaveLength(2);
  });

  test("bounded: the oldest verified token goes first", async () => {
    const { calls, auth } = setup();
    for (let i = 0; i <= VERIFIED_TOKEN_CACHE_MAX_ENTRIES; i++) await auth.authenticate(`good-${i}`);
    calls.length = 0;
    await auth.authenticate(`good-${VERIFIED_TOKEN_CACHE_MAX_ENTRIES}`);
    expect(calls).toEqual([]);
    await auth.authenticate("good-0");
    expect(calls).toEqual(["good-0"]);
  });
});
