/**
 * The hardening section of the configuration (body limits, login limits, quotas, CORS, proxy
 * trust, encryption at rest, TLS), read from the variables of app/config-schema.ts.
 */
import { existsSync } from "node:fs";
import type { AuthLimitOptions, QuotaOptions } from "../http/limits/index.ts";
import { ConfigError, readConfigVariables, type ConfigVariable, type ConfigVariables, type Env } from "./config-schema.ts";

/** TLS settings of the HTTP server, PostgreSQL and NATS. */
export interface TlsConfig {
  /** PEM certificate chain and key of the HTTPS/WSS server (`TLS_CERT_PATH`, `TLS_KEY_PATH`); both or neither. */
  readonly certPath?: string;
  readonly keyPath?: string;
  /** NATS TLS: CA bundle to trust (`NATS_TLS_CA_PATH`), client certificate and key (`NATS_TLS_CERT_PATH`, `NATS_TLS_KEY_PATH`). */
  readonly natsCaPath?: string;
  readonly natsCertPath?: string;
  readonly natsKeyPath?: string;
  /** PostgreSQL: CA bundle that verifies the server (`DATABASE_SSL_CA_PATH`: TLS required, certificate and host checked). */
  readonly databaseCaPath?: string;
}

/** Hardening settings. */
export interface SecurityConfig {
  /** Largest JSON body, bytes (`MAX_JSON_BODY_BYTES`). */
  readonly maxJsonBodyBytes: number;
  /** How long a token check is cached, milliseconds (`AUTH_CACHE_TTL_MS`). */
  readonly authCacheTtlMs: number;
  readonly authLimits: AuthLimitOptions;
  readonly quotas: QuotaOptions;
  /** Browser origins allowed by CORS and on the WebSocket (`CORS_ORIGINS`, comma-separated; `*` = any). */
  readonly corsOrigins: readonly string[];
  /** The server sits behind a TLS-terminating proxy (`TRUST_PROXY_TLS`): send HSTS. */
  readonly trustProxyTls: boolean;
  /**
   * Encryption at rest of uploaded files (`BLOB_ENCRYPTION_KEY`): `id:base64key[,id:base64key…]`,
   * each key 32 bytes; the first seals, all open (rotation).
   */
  readonly blobEncryptionKeys?: readonly { readonly id: string; readonly key: Uint8Array }[];
  readonly tls: TlsConfig;
}

/**
 * Reads the hardening settings from `env` (see {@link securitySection}).
 * @throws ConfigError naming the first invalid variable (never quoting a key).
 */
export function parseSecurityConfig(env: Env): SecurityConfig {
  return securitySection(readConfigVariables(env));
}

/**
 * The security section of `loadConfig`.
 * @throws ConfigError when a TLS pair is half set, a PEM path does not exist, an origin or key is malformed.
 */
export function securitySection(v: ConfigVariables): SecurityConfig {
  const tls: TlsConfig = {
    certPath: v.get("TLS_CERT_PATH"),
    keyPath: v.get("TLS_KEY_PATH"),
    natsCaPath: v.get("NATS_TLS_CA_PATH"),
    natsCertPath: v.get("NATS_TLS_CERT_PATH"),
    natsKeyPath: v.get("NATS_TLS_KEY_PATH"),
    databaseCaPath: v.get("DATABASE_SSL_CA_PATH"),
  };
  if (Boolean(tls.certPath) !== Boolean(tls.keyPath)) {
    throw new ConfigError(tls.certPath ? "TLS_KEY_PATH" : "TLS_CERT_PATH", "", "set together with TLS_CERT_PATH and TLS_KEY_PATH");
  }
  if (Boolean(tls.natsCertPath) !== Boolean(tls.natsKeyPath)) {
    throw new ConfigError(tls.natsCertPath ? "NATS_TLS_KEY_PATH" : "NATS_TLS_CERT_PATH", "", "set together with NATS_TLS_CERT_PATH and NATS_TLS_KEY_PATH");
  }
  const files: [ConfigVariable, string | undefined][] = [
    ["TLS_CERT_PATH", tls.certPath],
    ["TLS_KEY_PATH", tls.keyPath],
    ["NATS_TLS_CA_PATH", tls.natsCaPath],
    ["NATS_TLS_CERT_PATH", tls.natsCertPath],
    ["NATS_TLS_KEY_PATH", tls.natsKeyPath],
    ["DATABASE_SSL_CA_PATH", tls.databaseCaPath],
  ];
  for (const [name, file] of files) if (file && !existsSync(file)) throw new ConfigError(name, file, "a readable PEM file");
  const keys = v.get("BLOB_ENCRYPTION_KEY");
  return {
    maxJsonBodyBytes: v.value("MAX_JSON_BODY_BYTES"),
    authCacheTtlMs: v.value("AUTH_CACHE_TTL_MS"),
    authLimits: {
      loginMaxPerAccount: v.value("LOGIN_MAX_PER_ACCOUNT"),
      loginMaxPerAddress: v.value("LOGIN_MAX_PER_ADDRESS"),
      loginWindowMs: v.value("LOGIN_WINDOW_MS"),
      registerMaxPerAddress: v.value("REGISTER_MAX_PER_ADDRESS"),
      registerWindowMs: v.value("REGISTER_WINDOW_MS"),
      argon2MaxInflight: v.value("ARGON2_MAX_INFLIGHT"),
      trustProxy: v.value("TRUST_PROXY"),
    },
    quotas: {
      maxDocuments: v.value("MAX_DOCUMENTS_PER_USER"),
      maxStoredBytes: v.value("MAX_STORED_BYTES_PER_USER"),
      maxUploadsPerHour: v.value("MAX_UPLOADS_PER_HOUR"),
    },
    corsOrigins: parseCorsOrigins(v.get("CORS_ORIGINS") ?? ""),
    trustProxyTls: v.value("TRUST_PROXY_TLS"),
    blobEncryptionKeys: keys ? parseBlobKeys(keys) : undefined,
    tls,
  };
}

/**
 * Parses `CORS_ORIGINS`: comma-separated origins (`scheme://host[:port]`, no path), or `*`.
 * @throws ConfigError on an entry that is not an origin.
 */
export function parseCorsOrigins(text: string): readonly string[] {
  const entries = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (entry === "*") continue;
    let ok = false;
    try {
      const url = new URL(entry);
      ok = (url.protocol === "http:" || url.protocol === "https:") && url.origin === entry;
    } catch {
      ok = false;
    }
    if (!ok) throw new ConfigError("CORS_ORIGINS", text, "comma-separated origins such as https://app.example.com (scheme, host, optional port; no path or trailing /), or *");
  }
  return entries;
}

/**
 * Parses `BLOB_ENCRYPTION_KEY`: `id:base64` entries (id: 1–32 letters, digits, `_`, `-`; key:
 * 32 bytes, standard or URL-safe base64), comma-separated; the first seals.
 * @throws ConfigError (quoting no key material).
 */
export function parseBlobKeys(text: string): { id: string; key: Uint8Array }[] {
  const expected = "comma-separated id:base64 entries, each key 32 bytes (e.g. k1:$(openssl rand -base64 32))";
  const keys = text.split(",").map((entry) => {
    const [id, b64, ...rest] = entry.trim().split(":");
    if (!id || !b64 || rest.length > 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new ConfigError("BLOB_ENCRYPTION_KEY", "<redacted>", expected);
    const key = new Uint8Array(Buffer.from(b64, b64.includes("-") || b64.includes("_") ? "base64url" : "base64"));
    if (key.byteLength !== 32) throw new ConfigError("BLOB_ENCRYPTION_KEY", `<redacted: key ${id} is ${key.byteLength} bytes>`, expected);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError("BLOB_ENCRYPTION_KEY", "<redacted>", `${expected}; ids must differ`);
  return keys;
}
