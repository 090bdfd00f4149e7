/**
 * Option checks of the S3 blob store (no server needed). Its behaviour against a real
 * S3-compatible server is in test/s3-blob-store.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { checkS3BlobStoreOptions, createS3BlobStore, InvalidS3OptionError, type S3BlobStoreOptions } from "./blob-store-s3.ts";

const base: S3BlobStoreOptions = { bucket: "navigator-uploads" };

function invalid(options: unknown): InvalidS3OptionError {
  try {
    checkS3BlobStoreOptions(options as S3BlobStoreOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidS3OptionError);
    return error as InvalidS3OptionError;
  }
  throw new Error(`expected ${JSON.stringify(options)} to be rejected`);
}

describe("checkS3BlobStoreOptions", () => {
  test("normalises: prefix without surrounding '/', empty strings and undefined dropped", () => {
    expect(checkS3BlobStoreOptions({ ...base, prefix: "//navigator/prod/", region: "", endpoint: undefined })).toEqual({ ...base, prefix: "navigator/prod" });
    expect(checkS3BlobStoreOptions({ ...base, prefix: "/" })).toEqual(base);
    const full: S3BlobStoreOptions = {
      bucket: "b.with-dots_1",
      endpoint: "https://s3.eu-west-1.amazonaws.com",
      region: "eu-west-1",
      accessKeyId: "AKIA",
      secretAccessKey: "secret",
      sessionToken: "token",
      prefix: "p",
      virtualHostedStyle: true,
    };
    expect(checkS3BlobStoreOptions(full)).toEqual(full);
  });

  test("each bad field is named, with what was expected", () => {
    expect(invalid({ bucket: "" })).toMatchObject({ option: "bucket", code: "invalid_s3_option" });
    expect(invalid({ bucket: "ab" }).option).toBe("bucket");
    expect(invalid({ bucket: "has space" }).option).toBe("bucket");
    expect(invalid({ ...base, endpoint: "127.0.0.1:9000" })).toMatchObject({ option: "endpoint", expected: "an http:// or https:// URL" });
    expect(invalid({ ...base, endpoint: "ftp://host" }).option).toBe("endpoint");
    expect(invalid({ ...base, region: "eu west" }).option).toBe("region");
    expect(invalid({ ...base, prefix: "a/../b" }).option).toBe("prefix");
    expect(invalid({ ...base, prefix: "a//b" }).option).toBe("prefix");
    expect(invalid({ ...base, virtualHostedStyle: "yes" }).option).toBe("virtualHostedStyle");
    expect(invalid({ ...base, colour: "red" }).message).toContain('"colour"');
  });

  test("an access key without its secret, or the reverse, names the missing one and its pair", () => {
    expect(invalid({ ...base, accessKeyId: "AKIA" })).toMatchObject({ option: "secretAccessKey", pairedWith: "accessKeyId" });
    const error = invalid({ ...base, secretAccessKey: "do-not-print-me" });
    expect(error).toMatchObject({ option: "accessKeyId", pairedWith: "secretAccessKey" });
    expect(error.message).not.toContain("do-not-print-me");
  });

  test("createS3BlobStore validates before building a client", () => {
    expect(() => createS3BlobStore({ bucket: "x" })).toThrow(InvalidS3OptionError);
    expect(createS3BlobStore(base)).toMatchObject({ put: expect.any(Function), get: expect.any(Function), delete: expect.any(Function) });
  });
});
