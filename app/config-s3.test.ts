/**
 * The `S3_*` variables (app/config.ts `parseS3Config`) and the blob store they select
 * (app/storage.ts). The S3 store itself is tested on a real server in test/s3-blob-store.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { configError } from "../test/support/config.ts";
import { blobStoreKind } from "./storage.ts";
import { loadConfig, parseS3Config, S3_VARIABLES } from "./config.ts";

/** The ConfigError `loadConfig(env)` throws. */
const configErrorOf = (env: Record<string, string>) => configError(() => loadConfig(env));

describe("S3_* configuration", () => {
  test("without S3_BUCKET uploads stay on the filesystem", () => {
    const config = loadConfig({});
    expect(config.s3).toBeUndefined();
    expect(blobStoreKind(config)).toBe("file");
    expect(parseS3Config({ S3_BUCKET: "" })).toBeUndefined();
  });

  test("S3_BUCKET turns S3 on; every variable maps to its option", () => {
    const config = loadConfig({
      S3_BUCKET: "navigator-uploads",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_REGION: "eu-west-1",
      S3_ACCESS_KEY_ID: "AKIA",
      S3_SECRET_ACCESS_KEY: "secret",
      S3_SESSION_TOKEN: "token",
      S3_PREFIX: "/prod/",
      S3_VIRTUAL_HOSTED_STYLE: "TRUE",
    });
    expect(config.s3).toEqual({
      bucket: "navigator-uploads",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-1",
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      sessionToken: "token",
      prefix: "prod",
      virtualHostedStyle: true,
    });
    expect(blobStoreKind(config)).toBe("s3");
    expect(loadConfig({ S3_BUCKET: "b-1", S3_VIRTUAL_HOSTED_STYLE: "no" }).s3).toEqual({ bucket: "b-1", virtualHostedStyle: false });
    expect(loadConfig({ S3_BUCKET: "b-1" }).s3).toEqual({ bucket: "b-1" });
  });

  test("an S3_* variable without S3_BUCKET is an error naming S3_BUCKET and the variable set", () => {
    for (const variable of Object.values(S3_VARIABLES).filter((v) => v !== "S3_BUCKET")) {
      const error = configErrorOf({ [variable]: "x" });
      expect(error.variable).toBe("S3_BUCKET");
      expect(error.message).toContain(variable);
    }
  });

  test("an access key without its secret (or the reverse) names the missing variable and never prints the secret", () => {
    const noSecret = configErrorOf({ S3_BUCKET: "bkt", S3_ACCESS_KEY_ID: "AKIA" });
    expect(noSecret.variable).toBe("S3_SECRET_ACCESS_KEY");
    expect(noSecret.message).toBe('S3_SECRET_ACCESS_KEY="" is invalid: expected set together with S3_ACCESS_KEY_ID');
    const noKey = configErrorOf({ S3_BUCKET: "bkt", S3_SECRET_ACCESS_KEY: "hunter2-secret" });
    expect(noKey.variable).toBe("S3_ACCESS_KEY_ID");
    expect(noKey.message).toContain("set together with S3_SECRET_ACCESS_KEY");
    expect(noKey.message).not.toContain("hunter2-secret");
  });

  test("bad values name their variable", () => {
    expect(configErrorOf({ S3_BUCKET: "a b" }).variable).toBe("S3_BUCKET");
    expect(configErrorOf({ S3_BUCKET: "bkt", S3_ENDPOINT: "minio:9000" }).message).toBe('S3_ENDPOINT="minio:9000" is invalid: expected an http:// or https:// URL');
    expect(configErrorOf({ S3_BUCKET: "bkt", S3_REGION: "eu/west" }).variable).toBe("S3_REGION");
    expect(configErrorOf({ S3_BUCKET: "bkt", S3_PREFIX: "a/../b" }).variable).toBe("S3_PREFIX");
    expect(configErrorOf({ S3_BUCKET: "bkt", S3_VIRTUAL_HOSTED_STYLE: "maybe" }).variable).toBe("S3_VIRTUAL_HOSTED_STYLE");
  });
});
