/**
 * Encryption at rest of uploaded files: a BlobStore wrapper that seals every blob with AES-256-GCM
 * (Web Crypto) before it reaches the inner store (files or S3) and opens it on the way back.
 *
 * Sealed format: `NVB1` (4 bytes) · key id length (1 byte) · key id (ASCII) · IV (12 bytes,
 * random per write; NIST SP 800-38D §8.2.2) · ciphertext with its 16-byte tag. The blob's key
 * is the additional authenticated data, so a sealed blob moved to another key fails to open.
 * The key id lets keys rotate: the first key seals, every listed key opens; blobs written
 * before encryption was turned on (no `NVB1` header) are read as they are.
 */
import { NavigatorError } from "../runtime/index.ts";
import type { BlobStore } from "./blob-store.ts";

/** Magic of a sealed blob. */
export const SEALED_BLOB_MAGIC = new Uint8Array([0x4e, 0x56, 0x42, 0x31]); // "NVB1"
/** AES-GCM IV length, bytes (96 bits, the length SP 800-38D recommends). */
export const BLOB_IV_BYTES = 12;
/** AES-256 key length, bytes. */
export const BLOB_KEY_BYTES = 32;

/** One encryption key and its id (1–32 of `[A-Za-z0-9_-]`). */
export interface BlobKey {
  readonly id: string;
  /** 32 bytes. */
  readonly key: Uint8Array;
}

/** A sealed blob names a key id that is not configured, or fails authentication (wrong key, tampered). */
export class BlobDecryptionError extends NavigatorError<"blob_decryption_failed"> {
  readonly code = "blob_decryption_failed";
  constructor(
    readonly blobKey: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`stored file ${JSON.stringify(blobKey)} could not be decrypted: ${reason}`, options);
  }
}

/**
 * Wraps `inner` so blobs are sealed with `keys[0]` and opened with the key their header names.
 * @throws RangeError when `keys` is empty, a key is not 32 bytes, or an id is malformed or repeated.
 */
export function createEncryptedBlobStore(inner: BlobStore, keys: readonly BlobKey[]): BlobStore {
  if (keys.length === 0) throw new RangeError("createEncryptedBlobStore: at least one key is required");
  const ids = new Set<string>();
  for (const k of keys) {
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id) || ids.has(k.id)) throw new RangeError(`createEncryptedBlobStore: bad or repeated key id ${JSON.stringify(k.id)}`);
    if (k.key.byteLength !== BLOB_KEY_BYTES) throw new RangeError(`createEncryptedBlobStore: key ${k.id} must be ${BLOB_KEY_BYTES} bytes`);
    ids.add(k.id);
  }
  const imported = new Map(
    keys.map((k) => [k.id, crypto.subtle.importKey("raw", new Uint8Array(k.key), { name: "AES-GCM" }, false, ["encrypt", "decrypt"])] as const),
  );
  const current = keys[0]!;
  const encoder = new TextEncoder();
  return {
    ping: () => inner.ping(),
    async put(key, bytes) {
      const id = encoder.encode(current.id);
      const iv = crypto.getRandomValues(new Uint8Array(BLOB_IV_BYTES));
      const sealed = new Uint8Array(
        await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(key) }, await imported.get(current.id)!, new Uint8Array(bytes)),
      );
      const out = new Uint8Array(SEALED_BLOB_MAGIC.byteLength + 1 + id.byteLength + BLOB_IV_BYTES + sealed.byteLength);
      let at = 0;
      out.set(SEALED_BLOB_MAGIC, at);
      at += SEALED_BLOB_MAGIC.byteLength;
      out[at++] = id.byteLength;
      out.set(id, at);
      at += id.byteLength;
      out.set(iv, at);
      at += BLOB_IV_BYTES;
      out.set(sealed, at);
      await inner.put(key, out);
    },
    async get(key) {
      const stored = await inner.get(key);
      if (!isSealed(stored)) return stored; // written before encryption was turned on
      let at = SEALED_BLOB_MAGIC.byteLength;
      const idLength = stored[at++]!;
      const id = new TextDecoder().decode(stored.subarray(at, at + idLength));
      at += idLength;
      const iv = new Uint8Array(stored.subarray(at, at + BLOB_IV_BYTES));
      at += BLOB_IV_BYTES;
      const cryptoKey = imported.get(id);
      if (!cryptoKey) throw new BlobDecryptionError(key, `it was sealed with key id ${JSON.stringify(id)}, which BLOB_ENCRYPTION_KEY does not list`);
      try {
        return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(key) }, await cryptoKey, new Uint8Array(stored.subarray(at))));
      } catch (error) {
        throw new BlobDecryptionError(key, "authentication failed (wrong key, or the file was altered)", { cause: error });
      }
    },
    delete: (key) => inner.delete(key),
  };
}

/** True when `bytes` start with the sealed-blob header. */
export function isSealed(bytes: Uint8Array): boolean {
  return bytes.byteLength > SEALED_BLOB_MAGIC.byteLength + 1 + BLOB_IV_BYTES && SEALED_BLOB_MAGIC.every((b, i) => bytes[i] === b);
}
