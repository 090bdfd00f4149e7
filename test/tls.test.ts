/**
 * Encryption in transit (hardening part 10) with a CA and certificates made by openssl in the
 * test: HTTPS and WSS served directly (TLS_CERT_PATH / TLS_KEY_PATH), NATS over mutual TLS
 * (NATS_TLS_CA_PATH, NATS_TLS_CERT_PATH, NATS_TLS_KEY_PATH) and PostgreSQL verified against a
 * CA (DATABASE_SSL_CA_PATH) — each also refused when the CA does not match.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "@nats-io/transport-node";
import { sql } from "drizzle-orm";
import { loadConfig } from "../app/config.ts";
import { natsTlsOptions } from "../app/messaging.ts";
import { databaseOptions } from "../app/storage.ts";
import { createDatabase } from "../db/index.ts";
import { checkNats, startNatsServer, type TestNatsServer } from "./support/nats.ts";
import { checkOwnPostgres, startOwnPostgres, type OwnPostgres } from "./support/own-postgres.ts";
import { bearer, startTestServer, TEST_PASSWORD, uniqueEmail, type TestServer } from "./support/server.ts";
import { checkOpenssl, makeTestPki, type TestPki } from "./support/tls.ts";

const TIMEOUT = 120_000;
const ssl = checkOpenssl();

test("openssl is available (fails under CI=true when missing, skips the suite otherwise)", () => {
  if (ssl.mustFail) throw new Error(ssl.reason);
  if (!ssl.available) console.warn(`[tls] ${ssl.reason}`);
});

describe.skipIf(!ssl.available)("TLS", () => {
  let pki: TestPki;
  let other: TestPki;
  beforeAll(async () => {
    pki = await makeTestPki("Navigator Test CA");
    other = await makeTestPki("Some Other CA");
  }, TIMEOUT);
  afterAll(async () => {
    await pki?.dispose();
    await other?.dispose();
  });

  describe("HTTPS and WSS", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({}, { env: { TLS_CERT_PATH: pki.certPath, TLS_KEY_PATH: pki.keyPath } });
    }, TIMEOUT);
    afterAll(() => server?.close());

    test("serves HTTPS with HSTS to a client trusting the CA; a client trusting another CA is refused", async () => {
      expect(server.url).toStartWith("https://");
      const res = await fetch(`${server.url}/health`, { tls: { ca: pki.caPem } } as RequestInit);
      expect(res.status).toBe(200);
      expect(res.headers.get("strict-transport-security")).toContain("max-age=");
      const refused = await fetch(`${server.url}/health`, { tls: { ca: other.caPem } } as RequestInit).then(
        () => "connected",
        (e: unknown) => String(e),
      );
      expect(refused).not.toBe("connected");
      const plain = await fetch(server.url.replace("https:", "http:") + "/health").then(
        (r) => r.status,
        () => "refused",
      );
      expect(plain).not.toBe(200);
    }, TIMEOUT);

    test("a WSS chat socket authenticates and answers", async () => {
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}/api/v2/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), tls: { ca: pki.caPem } } as RequestInit);
      const credentials = { email: uniqueEmail("tls"), password: TEST_PASSWORD };
      expect((await post("register", credentials)).status).toBe(202);
      const { access_token: token } = (await (await post("login", credentials)).json()) as { access_token: string };
      const ws = new WebSocket(`${server.url.replace("https:", "wss:")}/chat/ws`, { headers: bearer(token), tls: { ca: pki.caPem } } as never);
      const first = await new Promise<string>((resolve) => {
        ws.onmessage = (e) => resolve(JSON.parse(String(e.data)).type);
        ws.onerror = () => resolve("error");
      });
      ws.close(1000);
      expect(first).toBe("ready");
    }, TIMEOUT);
  });

  const nats = checkNats();
  describe.skipIf(!nats.available)("NATS over mutual TLS", () => {
    let server: TestNatsServer;
    const env = () => ({ NATS_TLS_CA_PATH: pki.caPath, NATS_TLS_CERT_PATH: pki.clientCertPath, NATS_TLS_KEY_PATH: pki.clientKeyPath });
    beforeAll(async () => {
      server = await startNatsServer(nats.binary, {
        scheme: "tls",
        args: ["--tls", "--tlscert", pki.certPath, "--tlskey", pki.keyPath, "--tlsverify", "--tlscacert", pki.caPath],
        connect: { tls: { caFile: pki.caPath, certFile: pki.clientCertPath, keyFile: pki.clientKeyPath } },
      });
    }, TIMEOUT);
    afterAll(() => server?.dispose());

    const tryConnect = async (options: Record<string, unknown>) => {
      try {
        const nc = await connect({ servers: server.url, reconnect: false, timeout: 3_000, ...options });
        await nc.flush();
        await nc.close();
        return "connected";
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    };

    test("the configured CA and client certificate connect; another CA, or no client certificate, are refused", async () => {
      expect(await tryConnect(natsTlsOptions(loadConfig({ NATS_URL: server.url, ...env() })))).toBe("connected");
      expect(await tryConnect(natsTlsOptions(loadConfig({ NATS_URL: server.url, ...env(), NATS_TLS_CA_PATH: other.caPath })))).toStartWith("refused");
      expect(await tryConnect(natsTlsOptions(loadConfig({ NATS_URL: server.url, NATS_TLS_CA_PATH: pki.caPath })))).toStartWith("refused");
    }, TIMEOUT);

    test("a cluster node reaches NATS over TLS: /health reports nats connected", async () => {
      const node = await startTestServer({ natsUrl: server.url }, { env: env() });
      try {
        const health = await (await fetch(`${node.url}/health`)).json() as { nats: string; mode: string };
        expect(health).toMatchObject({ mode: "cluster", nats: "connected" });
      } finally {
        await node.close();
      }
    }, TIMEOUT);
  });

  const pg = checkOwnPostgres();
  describe.skipIf(!pg.available)("PostgreSQL with TLS verified against a CA", () => {
    let own: OwnPostgres;
    beforeAll(async () => {
      own = await startOwnPostgres(pg.binDir!, { ssl: { certPem: pki.certPem, keyPem: pki.keyPem } });
    }, TIMEOUT);
    afterAll(() => own?.dispose());

    const sslInUse = async (env: Record<string, string>) => {
      const database = await createDatabase(databaseOptions(loadConfig({ DATABASE_URL: own.adminUrl, ...env })));
      try {
        const rows = (await database.db.execute(sql`select ssl from pg_stat_ssl where pid = pg_backend_pid()`)) as unknown as { ssl: boolean }[] | { rows: { ssl: boolean }[] };
        return (Array.isArray(rows) ? rows : rows.rows)[0]?.ssl === true ? "tls" : "plain";
      } catch (error) {
        return `refused: ${String(error)}`;
      } finally {
        await database.close().catch(() => undefined);
      }
    };

    test("DATABASE_SSL_CA_PATH: TLS with the right CA; refused with another CA; sslmode=disable stays plain", async () => {
      expect(await sslInUse({ DATABASE_SSL_CA_PATH: pki.caPath })).toBe("tls");
      expect(await sslInUse({ DATABASE_SSL_CA_PATH: other.caPath })).toStartWith("refused");
      expect(await sslInUse({ DATABASE_URL: `${own.adminUrl}?sslmode=disable` })).toBe("plain");
    }, TIMEOUT);
  });
});
