/**
 * Certificates for TLS tests, made by openssl (Debian package `openssl`) in a temp directory: a
 * CA, and a server (or client) certificate it signs for 127.0.0.1 / localhost. Nothing is checked
 * in; every run makes its own.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether openssl is there (the tests skip with a message without it, and fail under CI=true). */
export function checkOpenssl(env: Record<string, string | undefined> = process.env): { available: boolean; mustFail: boolean; reason: string } {
  const available = Bun.which("openssl") !== null;
  return { available, mustFail: !available && env.CI === "true", reason: available ? "" : "openssl not found (apt-get install -y openssl)" };
}

/** PEM files of a test PKI. */
export interface TestPki {
  readonly dir: string;
  /** CA certificate path and PEM. */
  readonly caPath: string;
  readonly caPem: string;
  /** Server certificate (SAN IP:127.0.0.1, DNS:localhost) and key. */
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Client certificate and key (for mutual TLS), signed by the same CA. */
  readonly clientCertPath: string;
  readonly clientKeyPath: string;
  dispose(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn(["openssl", ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  const [err, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`openssl ${args[0]} exited ${code}: ${err}`);
}

/** Makes a CA named `name` and a server and a client certificate it signs (RSA 2048, valid 1 day). */
export async function makeTestPki(name = "Navigator Test CA"): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), "navigator-pki-"));
  await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", `/CN=${name}`], dir);
  const leaf = async (base: string, cn: string, ext: string) => {
    await writeFile(join(dir, `${base}.ext`), ext);
    await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, "-subj", `/CN=${cn}`], dir);
    await openssl(["x509", "-req", "-in", `${base}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", `${base}.pem`, "-days", "1", "-extfile", `${base}.ext`], dir);
  };
  await leaf("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  await leaf("client", "navigator-client", "extendedKeyUsage=clientAuth\n");
  const read = (f: string) => readFile(join(dir, f), "utf8");
  return {
    dir,
    caPath: join(dir, "ca.pem"),
    caPem: await read("ca.pem"),
    certPath: join(dir, "server.pem"),
    keyPath: join(dir, "server.key"),
    certPem: await read("server.pem"),
    keyPem: await read("server.key"),
    clientCertPath: join(dir, "client.pem"),
    clientKeyPath: join(dir, "client.key"),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
