/**
 * Private logs (hardening part 5): a full run — register, login, wrong passwords, upload, chat,
 * then the database failing under register, login and chat so errors carrying query parameters
 * are logged — and the captured JSON logs must not contain the password, its argon2 hash, a
 * token or the chat text. Also: a real failed query's error, serialized for the log.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import pino from "pino";
import { createDatabase } from "../db/index.ts";
import { privateLoggerOptions, serializeErrorPrivately, type Logger } from "../runtime/index.ts";
import { makePdf } from "./support/pdf.ts";
import { bearer, chat, fetchJson, register, startTestServer, uploadFile, waitForJob, type TestServer } from "./support/server.ts";

const TIMEOUT = 120_000;
const PASSWORD = "quartz-lantern-orbit-7731";
const SECRET_TEXT = "my daughter's oncology referral ZEBRAPLUM";

describe("logs of a full run hold no password, hash, token or chat text", () => {
  const lines: string[] = [];
  let server: TestServer;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino(privateLoggerOptions("debug"), sink) as unknown as Logger;
    server = await startTestServer({}, { logger });
  }, TIMEOUT);
  afterAll(() => server?.close());

  test("run, break the database, grep", async () => {
    const { url } = server;
    const user = await register(url, undefined, PASSWORD);
    const hash = (await server.nav.repos.users.findById(user.userId))!.passwordHash;
    expect(hash).toStartWith("$argon2id$");
    await fetchJson(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password: `${PASSWORD}x` }) });
    const up = await uploadFile(url, user.token, makePdf([`Referral rules. ${SECRET_TEXT} needs prior authorization. The specialist copay is $60.`]), "plan.pdf");
    await waitForJob(url, user.token, up.body.job_id!);
    expect((await chat(url, user.token, `What about ${SECRET_TEXT}?`)).status).toBe(200);

    // The database goes away: every query now fails, with its parameters in drizzle's message.
    await server.nav.database.close();
    const failed = [
      await chat(url, user.token, `And ${SECRET_TEXT} again?`),
      await fetchJson(`${url}/api/v2/auth/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: `x-${user.email}`, password: PASSWORD }) }),
      await fetchJson(`${url}/api/v2/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: user.email, password: PASSWORD }) }),
      await fetchJson(`${url}/api/v2/documents`, { headers: bearer(user.token) }),
    ];
    expect(failed.every((r) => r.status >= 500 || r.status === 401)).toBe(true);
    await Bun.sleep(200);

    const text = lines.join("");
    expect(text).toContain("request failed"); // errors were logged: the grep below is not vacuous
    expect(text).toContain("params: [redacted]");
    for (const secret of [hash, hash.split("$").pop()!, PASSWORD, SECRET_TEXT, "ZEBRAPLUM", user.token, user.token.split(".")[2]!]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
  }, TIMEOUT);
});

test("a failed query's error, serialized for the log, keeps its SQL and code but no parameter", async () => {
  const database = await createDatabase({});
  try {
    const error = await database.db.execute(sql`select ${"$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"}::int, ${SECRET_TEXT}::int`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toContain(SECRET_TEXT); // the driver's own message carries it…
    const logged = JSON.stringify(serializeErrorPrivately(error));
    expect(logged).toContain("select"); // …the serialized one keeps the statement…
    expect(logged).not.toContain(SECRET_TEXT); // …and drops the values.
    expect(logged).not.toContain("argon2id$v=19");
  } finally {
    await database.close();
  }
}, TIMEOUT);
