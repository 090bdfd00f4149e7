export {
  createAuthLimiter,
  DEFAULT_ARGON2_MAX_INFLIGHT,
  DEFAULT_AUTH_LIMITS,
  DEFAULT_LOGIN_MAX_PER_ACCOUNT,
  DEFAULT_LOGIN_MAX_PER_ADDRESS,
  DEFAULT_LOGIN_WINDOW_MS,
  DEFAULT_REGISTER_MAX_PER_ADDRESS,
  DEFAULT_REGISTER_WINDOW_MS,
} from "./auth-limiter.ts";
export type { AuthLimiter, AuthLimitOptions, LoginAttempt } from "./auth-limiter.ts";
export {
  createQuotas,
  DEFAULT_MAX_DOCUMENTS_PER_USER,
  DEFAULT_MAX_STORED_BYTES_PER_USER,
  DEFAULT_MAX_UPLOADS_PER_HOUR,
  DEFAULT_QUOTAS,
  UPLOAD_WINDOW_MS,
} from "./quotas.ts";
export type { QuotaOptions, Quotas, QuotaUsage } from "./quotas.ts";
