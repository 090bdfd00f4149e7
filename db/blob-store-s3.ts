/**
 * Uploaded bytes in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Ceph, …) through Bun's
 * built-in S3 client (`Bun.S3Client`, SigV4). Same keys and contract as the filesystem store
 * (./blob-store.ts), optionally under a key prefix so several deployments can share a bucket.
 */
import { S3Client, type S3Options } from "bun";
import { BlobNotFoundError, checkBlobKey, InvalidBlobKeyError, type BlobStore } from "./blob-store.ts";

/**
 * Where and how to reach the bucket. Fields left out fall back to what Bun's S3 client reads
 * from the environment at start-up (`S3_*`, then `AWS_*`; Bun's own defaults: region
 * `us-east-1`, endpoint AWS S3 of that region, path-style requests).
 */
export interface S3BlobStoreOptions {
  /** Bucket name: 3 to 255 letters, digits, `.`, `_` or `-` (AWS's current rules are stricter; legacy names pass). */
  readonly bucket: string;
  /** Service URL, `http://` or `https://` (e.g. `http://127.0.0.1:9000`); absent means AWS S3 of `region`. */
  readonly endpoint?: string;
  /** Region used in the signature (e.g. `eu-west-1`; R2 takes `auto`). */
  readonly region?: string;
  /** Access key id; set together with `secretAccessKey`. */
  readonly accessKeyId?: string;
  /** Secret access key; set together with `accessKeyId`. Never appears in error messages. */
  readonly secretAccessKey?: string;
  /** Session token of temporary credentials. Never appears in error messages. */
  readonly sessionToken?: string;
  /** Key prefix, e.g. `navigator/prod`: objects are `<prefix>/<key>`. Leading and trailing `/` are dropped. */
  readonly prefix?: string;
  /**
   * Virtual-hosted-style requests (`https://<bucket>.<host>/<key>`) instead of path-style
   * (`https://<host>/<bucket>/<key>`). Default false. With an `endpoint`, Bun then ignores
   * `bucket`: the endpoint must already name it.
   */
  readonly virtualHostedStyle?: boolean;
}

/** An {@link S3BlobStoreOptions} field that is unusable; `pairedWith` names the field it must come with. */
export class InvalidS3OptionError extends RangeError {
  readonly code = "invalid_s3_option";
  constructor(
    readonly option: keyof S3BlobStoreOptions,
    readonly expected: string,
    readonly pairedWith?: keyof S3BlobStoreOptions,
  ) {
    super(`S3 blob store: "${option}" is invalid: expected ${expected}`);
    this.name = "InvalidS3OptionError";
  }
}

const OPTION_NAMES = ["bucket", "endpoint", "region", "accessKeyId", "secretAccessKey", "sessionToken", "prefix", "virtualHostedStyle"] as const;
const BUCKET_PATTERN = /^[A-Za-z0-9._-]{3,255}$/;
const REGION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Validates `options` and returns them normalised (prefix without surrounding `/`, empty
 * strings dropped).
 * @throws InvalidS3OptionError naming the first bad field: an unknown field, a bad bucket,
 *   endpoint (not an http(s) URL), region or prefix (a prefix must pass `checkBlobKey`), or only
 *   one of `accessKeyId` / `secretAccessKey`.
 */
export function checkS3BlobStoreOptions(options: S3BlobStoreOptions): S3BlobStoreOptions {
  for (const name of Object.keys(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      throw new InvalidS3OptionError(name as keyof S3BlobStoreOptions, `no such option; known: ${OPTION_NAMES.join(", ")}`);
    }
  }
  const text = (name: keyof S3BlobStoreOptions) => {
    const value = options[name];
    if (value === undefined || value === "") return undefined;
    if (typeof value !== "string") throw new InvalidS3OptionError(name, "a string");
    return value;
  };
  const bucket = text("bucket");
  if (bucket === undefined || !BUCKET_PATTERN.test(bucket)) throw new InvalidS3OptionError("bucket", "3 to 255 letters, digits, '.', '_' or '-'");
  const endpoint = text("endpoint");
  if (endpoint !== undefined && !isHttpUrl(endpoint)) throw new InvalidS3OptionError("endpoint", "an http:// or https:// URL");
  const region = text("region");
  if (region !== undefined && !REGION_PATTERN.test(region)) throw new InvalidS3OptionError("region", "1 to 64 letters, digits, '_' or '-'");
  const accessKeyId = text("accessKeyId");
  const secretAccessKey = text("secretAccessKey");
  if (accessKeyId !== undefined && secretAccessKey === undefined) throw new InvalidS3OptionError("secretAccessKey", "set together with accessKeyId", "accessKeyId");
  if (secretAccessKey !== undefined && accessKeyId === undefined) throw new InvalidS3OptionError("accessKeyId", "set together with secretAccessKey", "secretAccessKey");
  const sessionToken = text("sessionToken");
  const rawPrefix = text("prefix");
  const prefix = rawPrefix?.replace(/^\/+|\/+$/g, "") || undefined;
  if (prefix !== undefined) {
    try {
      checkBlobKey(prefix);
    } catch (error) {
      if (!(error instanceof InvalidBlobKeyError)) throw error;
      throw new InvalidS3OptionError("prefix", `a key prefix (${error.reason})`);
    }
  }
  const virtualHostedStyle = options.virtualHostedStyle;
  if (virtualHostedStyle !== undefined && typeof virtualHostedStyle !== "boolean") throw new InvalidS3OptionError("virtualHostedStyle", "a boolean");
  const checked = { bucket, endpoint, region, accessKeyId, secretAccessKey, sessionToken, prefix, virtualHostedStyle };
  return Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== undefined)) as unknown as S3BlobStoreOptions;
}

/**
 * A blob store in an S3-compatible bucket. `key` becomes the object key `<prefix>/<key>` (or
 * `key` without a prefix). `put` is one PUT (S3 replaces an object whole); `get` of a missing
 * object throws BlobNotFoundError (the service's `NoSuchKey`); `delete` of a missing object
 * succeeds. The bucket must exist: this store never creates it.
 * @throws InvalidS3OptionError from {@link checkS3BlobStoreOptions}. The methods reject with
 *   Bun's `S3Error` (its `code` is the service's, e.g. `NoSuchBucket`, `AccessDenied`, or
 *   `ConnectionRefused`) on failures other than a missing key.
 */
export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { prefix, ...clientOptions } = checkS3BlobStoreOptions(options);
  const client = new S3Client(clientOptions as S3Options);
  const objectOf = (key: string) => {
    checkBlobKey(key);
    return client.file(prefix ? `${prefix}/${key}` : key);
  };
  return {
    async ping() {
      // A one-key listing: fails on a missing bucket or refused credentials (a HEAD of a missing key would not).
      await client.list({ maxKeys: 1, ...(prefix ? { prefix: `${prefix}/` } : {}) });
    },
    async put(key, bytes) {
      await objectOf(key).write(bytes);
    },
    async get(key) {
      const object = objectOf(key);
      try {
        return new Uint8Array(await object.arrayBuffer());
      } catch (error) {
        if ((error as { code?: string }).code === "NoSuchKey") throw new BlobNotFoundError(key, { cause: error });
        throw error;
      }
    },
    async delete(key) {
      const object = objectOf(key);
      try {
        await object.delete();
      } catch (error) {
        // S3 answers 204 for a missing key; some compatible services answer NoSuchKey instead.
        if ((error as { code?: string }).code !== "NoSuchKey") throw error;
      }
    },
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}
