/**
 * The `METRICS_PORT` listener: `GET /metrics` on a port of its own, so nodes without the api
 * role (agent, ingest) can be scraped and the API port need not be reachable by Prometheus.
 */
import type { MetricsEndpoint } from "../../http/observer.ts";

/** A running metrics listener. */
export interface MetricsServer {
  /** The bound port (the requested one, or the one picked for 0). */
  readonly port: number;
  /** Stops listening (closing open connections). */
  stop(): Promise<void>;
}

/**
 * Serves `endpoint` at `GET /metrics` on `host:port` (0 picks a free port); anything else is 404.
 * @throws the server's error when the port cannot be bound.
 */
export function startMetricsServer(endpoint: MetricsEndpoint, options: { port: number; host: string }): MetricsServer {
  const server = Bun.serve({
    port: options.port,
    hostname: options.host,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (pathname !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
        return Response.json({ code: "not_found", message: "only GET /metrics is served on the metrics port" }, { status: 404 });
      }
      return new Response(await endpoint.render(), { headers: { "content-type": endpoint.contentType } });
    },
  });
  return {
    port: server.port ?? options.port,
    async stop() {
      await server.stop(true);
    },
  };
}
