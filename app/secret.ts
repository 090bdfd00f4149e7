/** The JWT signing secret of an embedded install, kept beside its data. */
import { chmod } from "node:fs/promises";
import { join } from "node:path";

/** Bytes of randomness in a generated secret (384 bits, base64url-encoded to 64 characters). */
export const JWT_SECRET_BYTES = 48;

/**
 * Reads `DATA_DIR/jwt-secret`, creating it on first start ({@link JWT_SECRET_BYTES} random bytes,
 * base64url, file mode 0600). Used only when JWT_SECRET is not set.
 * @throws the file system's error when the directory cannot be read or written.
 */
export async function loadOrCreateSecret(dataDir: string): Promise<string> {
  const file = Bun.file(join(dataDir, "jwt-secret"));
  if (await file.exists()) return (await file.text()).trim();
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(JWT_SECRET_BYTES))).toString("base64url");
  await Bun.write(file, secret);
  await chmod(join(dataDir, "jwt-secret"), 0o600);
  return secret;
}
