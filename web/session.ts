/**
 * The signed-in member: the access token lives in `sessionStorage` (this tab only, gone when it
 * closes) and in memory, never in a URL.
 */

/** What the page keeps about the signed-in member. */
export interface Session {
  readonly token: string;
  readonly email: string;
  /** When the token stops working, epoch milliseconds. */
  readonly expiresAt: number;
}

const KEY = "navigator.session";

/** The stored session, or undefined when signed out or expired. */
export function loadSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== "string" || !(session.expiresAt > Date.now())) return undefined;
    return session;
  } catch {
    return undefined;
  }
}

/** Keeps `session` for this tab. */
export function saveSession(session: Session): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage refused (private mode): the session stays in memory only.
  }
}

/** Forgets the session. */
export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
