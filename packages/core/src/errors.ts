// Typed errors with a stable `code` (clients and plugins switch on it) and a
// `retryable` flag (workers and clients decide whether trying again can help).
// The one mapping from code to HTTP status lives in the server.

export type ErrorCode =
  | "invalid_request"
  | "unauthorized"
  | "not_found"
  | "idempotency_conflict"
  | "invalid_state"
  | "limit_exceeded"
  | "amount_not_payable"
  | "reference_space_exhausted"
  | "pin_invalid"
  | "pin_expired"
  | "pin_attempts_exceeded"
  | "pin_resend_too_soon"
  | "phone_invalid"
  | "sandbox_disabled"
  | "transport_error"
  | "platform_error"
  | "service_unavailable"
  | "phone_opted_out"
  | "consent_required"
  | "notification_already_sent"
  | "otp_rate_limited"
  | "country_not_allowed"
  | "refund_exceeds_payment"
  | "dispute_exceeds_payment"
  | "forbidden"
  | "login_rate_limited";

export type FieldIssue = { readonly path: string; readonly message: string };

export class SmspayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly fields: readonly FieldIssue[];
  /** When trying again can succeed, and not before (HTTP Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      retryable?: boolean;
      fields?: readonly FieldIssue[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SmspayError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fields = options.fields ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isSmspayError(error: unknown): error is SmspayError {
  return error instanceof SmspayError;
}
