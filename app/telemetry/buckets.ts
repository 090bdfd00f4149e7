/** Histogram bucket boundaries, with their sources. */

/**
 * HTTP server request duration, seconds: the OpenTelemetry semantic conventions' advice for
 * `http.server.request.duration` (https://opentelemetry.io/docs/specs/semconv/http/http-metrics/).
 */
export const HTTP_DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Chat turn and step durations, seconds: the HTTP buckets plus 15–60 s (the chat alert's 10 s sits on a boundary). */
export const CHAT_DURATION_BUCKETS_SECONDS = [...HTTP_DURATION_BUCKETS_SECONDS, 15, 20, 30, 60];

/**
 * GenAI client operation duration, seconds: the semantic conventions' advice for
 * `gen_ai.client.operation.duration` (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/).
 */
export const GEN_AI_DURATION_BUCKETS_SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** GenAI token usage, tokens: the semantic conventions' advice for `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** Body sizes, bytes: powers of 4 from 64 B to 64 MiB (uploads are bounded by MAX_UPLOAD_BYTES). */
export const BODY_SIZE_BUCKETS_BYTES = Array.from({ length: 11 }, (_, i) => 64 * 4 ** i);

/** Ingestion stage durations, seconds: 10 ms to 10 min (the 232-page EOC parses in seconds; a job times out at 10 min). */
export const INGESTION_DURATION_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Database operation and actor ask durations, seconds: 0.5 ms to 10 s. */
export const FAST_DURATION_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Sources listed per answer: 0 to 20 (TOP_K is 5 by default). */
export const SOURCES_BUCKETS = [0, 1, 2, 3, 4, 5, 7, 10, 15, 20];
