/** Provider defaults that configuration reads without loading any provider SDK. */

/** OpenAI's API (the `openai` package's own default base URL). */
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
/** Longest one request (embeddings, or a chat completion until its stream ends) may take, milliseconds. */
export const DEFAULT_OPENAI_TIMEOUT_MS = 60_000;
/** Retries after the first attempt of one provider request (429, 5xx, connection failures). */
export const DEFAULT_OPENAI_MAX_RETRIES = 3;
