/**
 * Service checks as a Nomad client runs them for `provider = "nomad"` services: an `http` check
 * is a GET of `http://<NOMAD_IP_<port>>:<NOMAD_PORT_<port>><path>` that passes on a 2xx status
 * within `timeout`; a `tcp` check passes when a connection opens. Other check types are refused.
 */
import { durationMs, type CheckSpec, type ServiceSpec } from "./job-spec.ts";
import type { Allocation } from "./allocation.ts";
import { REHEARSAL_IP } from "./allocation.ts";

/** Nomad's default check timeout when the check gives none, milliseconds. */
export const DEFAULT_CHECK_TIMEOUT_MS = 5_000;

/** One check's outcome. */
export interface CheckResult {
  readonly service: string;
  readonly check: string;
  readonly target: string;
  readonly passing: boolean;
  /** HTTP status, or the error. */
  readonly detail: string;
  /** The response body (first 300 characters), for the report. */
  readonly body?: string;
}

/**
 * Runs one check of `service` against `allocation` once.
 * @throws Error when the check's type is not http or tcp, or its port label is not allocated.
 */
export async function runCheck(allocation: Allocation, service: ServiceSpec, check: CheckSpec): Promise<CheckResult> {
  const label = check.port ?? service.port;
  const port = label ? allocation.ports[label] : undefined;
  if (port === undefined) throw new Error(`service ${service.name}, check ${check.name}: port ${JSON.stringify(label)} is not allocated`);
  const timeoutMs = check.timeout ? durationMs(check.timeout) : DEFAULT_CHECK_TIMEOUT_MS;
  const base = { service: service.name, check: check.name };
  if (check.type === "http") {
    const target = `http://${REHEARSAL_IP}:${port}${check.path ?? "/"}`;
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
      const body = (await response.text()).slice(0, 300);
      return { ...base, target, passing: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}`, body };
    } catch (error) {
      return { ...base, target, passing: false, detail: String((error as Error).message ?? error) };
    }
  }
  if (check.type === "tcp") {
    const target = `${REHEARSAL_IP}:${port}`;
    try {
      const socket = await Promise.race([
        Bun.connect({ hostname: REHEARSAL_IP, port, socket: { data() {} } }),
        Bun.sleep(timeoutMs).then(() => {
          throw new Error("timeout");
        }),
      ]);
      socket.end();
      return { ...base, target, passing: true, detail: "connected" };
    } catch (error) {
      return { ...base, target, passing: false, detail: String((error as Error).message ?? error) };
    }
  }
  throw new Error(`service ${service.name}, check ${check.name}: the rehearsal runs http and tcp checks, not ${JSON.stringify(check.type)}`);
}
