// The one mapping from error codes to HTTP: every error leaves as
// application/problem+json {type, title, status, detail, code} (RFC 9457).

import type { ErrorCode, FieldIssue } from "@smspay/core";
import { InvalidTransitionError, isSmspayError } from "@smspay/core";
import type { ErrorRequestHandler, Response } from "express";
import type { Logger } from "../logger.ts";

const STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  phone_invalid: 400,
  pin_invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  login_rate_limited: 429,
  not_found: 404,
  idempotency_conflict: 409,
  invalid_state: 409,
  pin_expired: 410,
  amount_not_payable: 422,
  limit_exceeded: 422,
  phone_opted_out: 422,
  consent_required: 422,
  country_not_allowed: 422,
  notification_already_sent: 409,
  otp_rate_limited: 429,
  refund_exceeds_payment: 422,
  dispute_exceeds_payment: 422,
  pin_attempts_exceeded: 429,
  pin_resend_too_soon: 429,
  sandbox_disabled: 422,
  transport_error: 502,
  platform_error: 502,
  reference_space_exhausted: 503,
  service_unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export type Problem = {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fields?: readonly FieldIssue[];
  /** Sent as Retry-After: the earliest a retry can succeed. */
  readonly retryAfterSeconds?: number;
};

export function sendProblem(res: Response, problem: Problem): void {
  if (problem.retryAfterSeconds !== undefined)
    res.set("Retry-After", String(problem.retryAfterSeconds));
  res
    .status(problem.status)
    .type("application/problem+json")
    .send(
      JSON.stringify({
        type: `https://smspay.dev/errors/${problem.code}`,
        title: TITLES[problem.status] ?? "Error",
        status: problem.status,
        detail: problem.detail,
        code: problem.code,
        ...(problem.fields && problem.fields.length > 0 ? { fields: problem.fields } : {}),
      }),
    );
}

/** Maps anything thrown to a problem; unexpected errors are logged and stay vague. */
export function toProblem(error: unknown, log: Logger): Problem {
  if (isSmspayError(error)) {
    return {
      status: STATUS[error.code],
      code: error.code,
      detail: error.message,
      fields: error.fields,
      ...(error.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: error.retryAfterSeconds }),
    };
  }
  if (error instanceof InvalidTransitionError) {
    return { status: 409, code: "invalid_state", detail: error.message };
  }
  // body-parser's errors carry an HTTP status and a type.
  const http = error as { status?: unknown; type?: unknown };
  if (http.type === "entity.parse.failed")
    return { status: 400, code: "invalid_request", detail: "the body is not valid JSON" };
  if (http.type === "entity.too.large")
    return { status: 413, code: "invalid_request", detail: "the body is too large" };
  if (http.type === "encoding.unsupported" || http.type === "charset.unsupported") {
    return { status: 415, code: "invalid_request", detail: "unsupported body encoding" };
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, "database unavailable");
    return {
      status: 503,
      code: "service_unavailable",
      detail: "the service is briefly unavailable; retry shortly",
    };
  }
  log.error({ err: error }, "unexpected error");
  return { status: 500, code: "internal_error", detail: "an unexpected error occurred" };
}

function isDatabaseUnavailable(error: unknown): boolean {
  const text =
    String((error as { message?: unknown })?.message ?? "") +
    String((error as { code?: unknown })?.code ?? "");
  return /ECONNREFUSED|ECONNRESET|57P01|57P03|53300|Connection terminated|timeout exceeded when trying to connect/i.test(
    text,
  );
}

export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    if (res.headersSent) return;
    sendProblem(res, toProblem(error, log));
  };
}
