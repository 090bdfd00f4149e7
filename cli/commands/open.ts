import { loadConfig } from "../../app/config.ts";
import { createNavigator, type Navigator } from "../../app/navigator.ts";
import { createCliLogger } from "../logger.ts";

/**
 * Opens the configured Navigator without listening, for one-shot commands. PGlite allows one
 * process per data directory: stop `navigator serve` first, or use the HTTP API.
 */
export async function openNavigator(overrides: Parameters<typeof loadConfig>[1] = {}): Promise<Navigator> {
  const config = loadConfig(process.env, overrides);
  return createNavigator(config, { logger: createCliLogger(process.env.LOG_LEVEL || "warn") });
}

/** Finds a user by email, or creates one with a random password (printed once). */
export async function userByEmail(nav: Navigator, email: string, create: boolean): Promise<string> {
  const found = await nav.repos.users.findByEmail(email);
  if (found) return found.id;
  if (!create) throw new Error(`no user ${email}; register over the API, or pass --create`);
  const password = Buffer.from(crypto.getRandomValues(new Uint8Array(12))).toString("base64url");
  const id = Bun.randomUUIDv7();
  await nav.repos.users.create({ id, email, passwordHash: await Bun.password.hash(password, { algorithm: "argon2id" }) });
  console.error(`created user ${email} with password ${password} (shown once)`);
  return id;
}
