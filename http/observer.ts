/**
 * What the HTTP layer reports for metrics, and how it serves them: the composition root passes
 * an {@link HttpObserver} (Prometheus histograms) and a {@link MetricsEndpoint} (the registry's
 * text exposition). Labels are the method, the route template (`/api/v2/jobs/:id`, never the
 * path with ids) and the status code.
 */

/** One finished request. */
export interface HttpRequestRecord {
  readonly method: string;
  /** The matched route template, or `unmatched` when no route matched. */
  readonly route: string;
  readonly status: number;
  /** From the request's arrival until its response (headers) was ready. */
  readonly seconds: number;
  /** `Content-Length` of the request, when it had one. */
  readonly requestBytes?: number;
  /** Size of the response body, when known before it is sent (absent for streams). */
  readonly responseBytes?: number;
}

/** Receives request events (every method optional; must not throw). */
export interface HttpObserver {
  /** A request arrived (`active` +1). */
  requestStarted?(method: string): void;
  /** A request's response is ready (`active` −1, duration, sizes). */
  requestEnded?(record: HttpRequestRecord): void;
}

/** The Prometheus text exposition served at `GET /metrics`. */
export interface MetricsEndpoint {
  /** `Content-Type` of the exposition (Prometheus text format 0.0.4). */
  readonly contentType: string;
  /** Renders every metric now. */
  render(): Promise<string>;
}
