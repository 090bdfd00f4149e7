/** Creating the database of a local cluster when it does not exist yet. */
import postgres from "postgres";

/** PostgreSQL's SQLSTATE for "database does not exist" (invalid_catalog_name). */
const INVALID_CATALOG_NAME = "3D000";
/** SQLSTATE of "database already exists" (another process created it before). */
const DUPLICATE_DATABASE = "42P04";
/** SQLSTATE of a unique violation: what a `create database` racing another one gets on `pg_database`. */
const UNIQUE_VIOLATION = "23505";
/** Database connected to for `create database` (present on every PostgreSQL server). */
const MAINTENANCE_DATABASE = "postgres";

/**
 * Makes sure the database named in `url` exists: connects to it, and when the server answers
 * "database does not exist" connects to the `postgres` database of the same server and creates it
 * (the vector extension is created later by `migrate`). Safe when several processes race.
 * @returns true when it created the database, false when it already existed.
 * @throws the driver's error for any other failure (server down, authentication, no permission).
 */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await probe`select 1`;
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end({ timeout: 1 }).catch(() => {});
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = `/${MAINTENANCE_DATABASE}`;
  const admin = postgres(target.toString(), { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    return true;
  } catch (error) {
    const { code, constraint_name } = error as { code?: string; constraint_name?: string };
    if (code === DUPLICATE_DATABASE || (code === UNIQUE_VIOLATION && constraint_name === "pg_database_datname_index")) return false;
    throw error;
  } finally {
    await admin.end({ timeout: 1 });
  }
}
