/**
 * Prometheus instruments of the application: HTTP server, chat pipeline, ingestion and model
 * providers, each exposed as the observer interface its layer defines. Names follow the
 * OpenTelemetry semantic conventions turned into Prometheus names (dots → underscores, base unit
 * suffix, `_total` on counters); Navigator's own metrics start `navigator_`.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ChatObserver } from "../../actors/agent/index.ts";
import type { IngestionObserver } from "../../actors/ingestion/index.ts";
import type { HttpObserver } from "../../http/observer.ts";
import type { ProviderObserver } from "../../rag/providers/index.ts";
import {
  BODY_SIZE_BUCKETS_BYTES,
  CHAT_DURATION_BUCKETS_SECONDS,
  GEN_AI_DURATION_BUCKETS_SECONDS,
  GEN_AI_TOKEN_BUCKETS,
  HTTP_DURATION_BUCKETS_SECONDS,
  INGESTION_DURATION_BUCKETS_SECONDS,
  SOURCES_BUCKETS,
} from "./buckets.ts";

/** HTTP server instruments (`http.server.*` of the semantic conventions). */
export function createHttpMetrics(registry: Registry): HttpObserver {
  const registers = [registry];
  const duration = new Histogram({
    name: "http_server_request_duration_seconds",
    help: "Duration of HTTP server requests until the response is ready (streams: until their headers).",
    labelNames: ["http_request_method", "http_route", "http_response_status_code"],
    buckets: HTTP_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const active = new Gauge({ name: "http_server_active_requests", help: "HTTP server requests in progress.", labelNames: ["http_request_method"], registers });
  const requestSize = new Histogram({
    name: "http_server_request_body_size_bytes",
    help: "Size of HTTP request bodies (Content-Length).",
    labelNames: ["http_request_method", "http_route"],
    buckets: BODY_SIZE_BUCKETS_BYTES,
    registers,
  });
  const responseSize = new Histogram({
    name: "http_server_response_body_size_bytes",
    help: "Size of HTTP response bodies known before sending (streams are not counted).",
    labelNames: ["http_request_method", "http_route", "http_response_status_code"],
    buckets: BODY_SIZE_BUCKETS_BYTES,
    registers,
  });
  return {
    requestStarted(method) {
      active.inc({ http_request_method: method });
    },
    requestEnded(r) {
      active.dec({ http_request_method: r.method });
      const labels = { http_request_method: r.method, http_route: r.route, http_response_status_code: String(r.status) };
      duration.observe(labels, r.seconds);
      if (r.requestBytes !== undefined) requestSize.observe({ http_request_method: r.method, http_route: r.route }, r.requestBytes);
      if (r.responseBytes !== undefined) responseSize.observe(labels, r.responseBytes);
    },
  };
}

/** Chat pipeline instruments. */
export function createChatMetrics(registry: Registry): ChatObserver {
  const registers = [registry];
  const step = new Histogram({
    name: "navigator_chat_step_duration_seconds",
    help: "Duration of each step of a chat turn (input, rewrite, retrieval, screen, synthesis, output).",
    labelNames: ["step"],
    buckets: CHAT_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const turn = new Histogram({
    name: "navigator_chat_turn_duration_seconds",
    help: "Duration of a whole chat turn in the user agent, by outcome.",
    labelNames: ["outcome"],
    buckets: CHAT_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const firstDelta = new Histogram({
    name: "navigator_chat_time_to_first_delta_seconds",
    help: "Time from the start of a chat turn until the first piece of the answer.",
    buckets: CHAT_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const answers = new Counter({ name: "navigator_chat_answers_total", help: "Chat turns by outcome (found, not_found, declined, error).", labelNames: ["outcome"], registers });
  const sources = new Histogram({ name: "navigator_chat_sources_per_answer", help: "Sources listed with each answer.", buckets: SOURCES_BUCKETS, registers });
  const dropped = new Counter({
    name: "navigator_chat_citation_markers_dropped_total",
    help: "Citation markers the model wrote that pointed at no excerpt and were removed.",
    registers,
  });
  for (const outcome of ["found", "not_found", "declined", "error"]) answers.inc({ outcome }, 0);
  dropped.inc(0);
  return {
    step: (name, seconds) => step.observe({ step: name }, seconds),
    firstDelta: (seconds) => firstDelta.observe(seconds),
    turn(outcome, seconds) {
      answers.inc({ outcome });
      turn.observe({ outcome }, seconds);
    },
    sources: (count) => sources.observe(count),
    citationMarkersDropped: (count) => dropped.inc(count),
  };
}

/** Ingestion instruments (the queue gauges are in metrics-runtime.ts: they read the queue). */
export function createIngestionMetrics(registry: Registry): IngestionObserver {
  const registers = [registry];
  const jobs = new Counter({
    name: "navigator_ingestion_jobs_total",
    help: "Ingestion job attempts by outcome (complete, failed, retry) and error code (none when complete).",
    labelNames: ["outcome", "error_code"],
    registers,
  });
  const stage = new Histogram({
    name: "navigator_ingestion_stage_duration_seconds",
    help: "Duration of each ingestion stage (parse, ocr, chunk, embed, store).",
    labelNames: ["stage"],
    buckets: INGESTION_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const pages = new Counter({ name: "navigator_ingestion_pages_total", help: "Pages of documents ingested.", registers });
  const chunks = new Counter({ name: "navigator_ingestion_chunks_total", help: "Chunks stored by ingestion.", registers });
  const retries = new Counter({ name: "navigator_ingestion_retries_total", help: "Failed attempts retried by the ingestion actor itself (embedded mode).", registers });
  const redeliveries = new Counter({ name: "navigator_ingestion_redeliveries_total", help: "Jobs delivered again by the work queue (cluster mode).", registers });
  jobs.inc({ outcome: "complete", error_code: "none" }, 0);
  jobs.inc({ outcome: "failed", error_code: "none" }, 0);
  for (const c of [pages, chunks, retries, redeliveries]) c.inc(0);
  return {
    job: (outcome, errorCode) => jobs.inc({ outcome, error_code: errorCode ?? "none" }),
    stage: (name, seconds) => stage.observe({ stage: name }, seconds),
    stored(p, c) {
      pages.inc(p);
      chunks.inc(c);
    },
    retry: () => retries.inc(),
    redelivery: () => redeliveries.inc(),
  };
}

/** Model provider instruments (`gen_ai.client.*` of the semantic conventions). */
export function createProviderMetrics(registry: Registry): ProviderObserver {
  const registers = [registry];
  const duration = new Histogram({
    name: "gen_ai_client_operation_duration_seconds",
    help: "Duration of model provider calls (retries included).",
    labelNames: ["gen_ai_provider_name", "gen_ai_request_model", "gen_ai_operation_name", "error_type"],
    buckets: GEN_AI_DURATION_BUCKETS_SECONDS,
    registers,
  });
  const tokens = new Histogram({
    name: "gen_ai_client_token_usage",
    help: "Tokens used per model provider call, by token type (input, output).",
    labelNames: ["gen_ai_provider_name", "gen_ai_request_model", "gen_ai_operation_name", "gen_ai_token_type"],
    buckets: GEN_AI_TOKEN_BUCKETS,
    registers,
  });
  const retries = new Counter({
    name: "navigator_provider_retries_total",
    help: "Provider call attempts that failed and were retried.",
    labelNames: ["gen_ai_provider_name", "gen_ai_operation_name"],
    registers,
  });
  const limited = new Counter({
    name: "navigator_provider_rate_limited_total",
    help: "Provider responses with HTTP 429 (rate limited).",
    labelNames: ["gen_ai_provider_name", "gen_ai_operation_name"],
    registers,
  });
  return {
    operation(c) {
      duration.observe(
        { gen_ai_provider_name: c.provider, gen_ai_request_model: c.model, gen_ai_operation_name: c.operation, error_type: c.errorType ?? "none" },
        c.seconds,
      );
    },
    tokens(c) {
      tokens.observe({ gen_ai_provider_name: c.provider, gen_ai_request_model: c.model, gen_ai_operation_name: c.operation, gen_ai_token_type: c.type }, c.count);
    },
    retry(c) {
      const labels = { gen_ai_provider_name: c.provider, gen_ai_operation_name: c.operation };
      retries.inc(labels);
      if (c.status === 429) limited.inc(labels);
    },
  };
}
