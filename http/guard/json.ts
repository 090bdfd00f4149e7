/**
 * Bounded JSON: a depth check on the text before `JSON.parse` (a 10,000-deep array must never
 * reach a recursive walker), and a scan of every string (keys included) for characters that
 * cannot be stored or shown: NUL and the other C0/C1 controls except tab, line feed and carriage
 * return (PostgreSQL `text` rejects U+0000 outright), and unpaired UTF-16 surrogates (not
 * encodable as UTF-8).
 */
import { InputError } from "../errors.ts";

/** Deepest nesting of arrays and objects accepted in a request body (our bodies nest ≤ 3). */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` holds a character {@link checkText} refuses. */
export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN_CHARACTERS.test(text);
}

/**
 * Refuses text with control characters or unpaired surrogates.
 * @throws InputError `invalid_characters` (422) naming `field`.
 */
export function checkText(text: string, field?: string): void {
  if (hasForbiddenCharacters(text)) {
    throw new InputError("invalid_characters", `${field ? `${field}: ` : ""}control characters (such as NUL) and unpaired surrogates are not accepted`, { field });
  }
}

/** Nesting depth of JSON `text` (brackets outside strings), stopping as soon as it passes `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** A body that is not JSON. HTTP 400 `malformed_json`. */
export class MalformedJsonError extends Error {
  readonly code = "malformed_json";
  constructor(message = "the request body could not be parsed as JSON", options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MalformedJsonError";
  }
}

/**
 * Parses a JSON request body: depth ≤ `maxDepth`, then `JSON.parse`, then every string checked
 * with {@link checkText}.
 * @throws InputError `json_too_deep` (422) | `invalid_characters` (422); MalformedJsonError (400).
 */
export function parseJsonBody(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new InputError("json_too_deep", `the JSON body nests deeper than ${maxDepth} levels`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError(undefined, { cause: error });
  }
  checkStrings(value, "");
  return value;
}

/** Applies {@link checkText} to every string and key of a parsed value (depth already bounded). */
export function checkStrings(value: unknown, path: string): void {
  if (typeof value === "string") checkText(value, path || undefined);
  else if (Array.isArray(value)) value.forEach((item, i) => checkStrings(item, `${path}[${i}]`));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      checkText(key, path || undefined);
      checkStrings(item, path ? `${path}.${key}` : key);
    }
  }
}
