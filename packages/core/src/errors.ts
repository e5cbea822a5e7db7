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
  | "service_unavailable";

export type FieldIssue = { readonly path: string; readonly message: string };

export class SmspayError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly fields: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; fields?: readonly FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SmspayError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fields = options.fields ?? [];
  }
}

export function isSmspayError(error: unknown): error is SmspayError {
  return error instanceof SmspayError;
}
