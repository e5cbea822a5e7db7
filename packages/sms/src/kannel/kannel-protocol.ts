// What Kannel's HTTP interfaces say, as plain functions: the sendsms request
// and its answers, and the get-url (MO) and dlr-url (receipt) callbacks smspay
// receives. Kannel's user guide, "Sending SMS" and "SMS service
// configurations", is the reference.

import type { DeliveryFailure, DeliveryReceipt, InboundSms } from "@smspay/core";
import { SmspayError } from "@smspay/core";
import { encodingFor } from "../transport-encoding.ts";

/** dlr-mask bits. 19 = delivered | failed | rejected: only final states call us back. */
export const DLR_DELIVERED = 1;
export const DLR_FAILED = 2;
export const DLR_QUEUED = 4;
export const DLR_SMSC_ACCEPTED = 8;
export const DLR_SMSC_REJECTED = 16;
export const DLR_MASK_FINAL = DLR_DELIVERED | DLR_FAILED | DLR_SMSC_REJECTED;

/**
 * The get-url to put in Kannel's sms-service for this webhook: %I is Kannel's
 * own id for the MO (the same on every retry of the same MO), %T the time
 * as a Unix timestamp (%t carries no time zone), %c/%C the coding and
 * charset %a was written in.
 */
export function moGetUrl(webhookUrl: string, secret: string): string {
  const query = "id=%I&from=%p&to=%P&text=%a&ts=%T&smsc=%i&coding=%c&charset=%C";
  return `${webhookUrl}?key=${encodeURIComponent(secret)}&${query}`;
}

export type SendsmsRequest = {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly text: string;
  /** Where Kannel reports receipts: our webhook, with the MT id and its signature already in it. */
  readonly dlrUrl: string;
  /** Kannel's smsc-id to send through, when the operator routes by it. */
  readonly smsc?: string;
};

export function sendsmsUrl(request: SendsmsRequest): string {
  const url = new URL(request.baseUrl);
  const params: Record<string, string> = {
    username: request.username,
    password: request.password,
    from: request.from,
    to: request.to,
    text: request.text,
    charset: "UTF-8",
    // 0: Kannel converts to the GSM alphabet on the SMSC link; 2: UCS-2.
    coding: encodingFor(request.text) === "gsm7" ? "0" : "2",
    "dlr-mask": String(DLR_MASK_FINAL),
    "dlr-url": request.dlrUrl,
    // Logged by Kannel as [ACT:...]: finds our MT in its access log.
    account: request.messageId,
  };
  if (request.smsc) params.smsc = request.smsc;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** The dlr-url escapes we ask for: %d the status bits, %A the SMSC's answer. */
export function dlrUrl(webhookUrl: string, messageId: string, signature: string): string {
  return `${webhookUrl}?type=dlr&id=${encodeURIComponent(messageId)}&sig=${signature}&status=%d&answer=%A`;
}

/**
 * Kannel's answer to sendsms: 202 "0: Accepted for delivery" or "3: Queued
 * for later delivery" mean it took the message; 403 is bad credentials or a
 * barred sender, 400 a refused message (black-listed number, bad
 * parameters): those will not change on a retry. Anything else (5xx, an
 * unexpected body) may be passing.
 */
export function checkSendsmsAnswer(status: number, body: string): void {
  const accepted = (status === 202 || status === 200) && /^\s*[03]:/.test(body);
  if (accepted) return;
  const detail = body.trim().slice(0, 200) || `HTTP ${status}`;
  const refused = status === 400 || status === 403 || status === 404;
  throw new SmspayError("transport_error", `Kannel did not accept the MT: ${detail}`, {
    retryable: !refused,
  });
}

/** An MO as Kannel's get-url hands it over. */
export function parseMo(transport: string, query: URLSearchParams, now: Date): InboundSms {
  const id = required(query, "id");
  const from = required(query, "from");
  const to = required(query, "to");
  const text = moText(query);
  const seconds = Number(query.get("ts"));
  return {
    type: "mo_received",
    transport,
    providerMessageId: id,
    from,
    to,
    text,
    receivedAt: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now,
  };
}

/**
 * A dlr-url callback: only final states mean something to the core (the
 * mask asks for no others, but an operator's own mask may differ).
 */
export function parseReceipt(
  transport: string,
  query: URLSearchParams,
  now: Date,
): DeliveryReceipt | undefined {
  const messageId = required(query, "id");
  const status = Number(required(query, "status"));
  if (!Number.isInteger(status) || status < 0) {
    throw new SmspayError("invalid_request", "Kannel receipt: status is not a number", {
      fields: [{ path: "status", message: "expected Kannel's %d status bits" }],
    });
  }
  const answer = query.get("answer") ?? "";
  const base = {
    type: "dlr_received" as const,
    transport,
    // Kannel names the MT by the id we put in its dlr-url: ours, stable across retries.
    providerMessageId: messageId,
    messageId,
    receivedAt: now,
    ...(answer ? { providerError: answer.slice(0, 200) } : {}),
  };
  if (status & DLR_DELIVERED) {
    const { providerError: _answer, ...delivered } = base;
    return { ...delivered, outcome: "delivered" };
  }
  const failure: DeliveryFailure | undefined =
    status & DLR_SMSC_REJECTED ? "rejected" : status & DLR_FAILED ? failureFrom(answer) : undefined;
  return failure ? { ...base, outcome: "failed", failure } : undefined;
}

/** The SMSC's answer sometimes says why (SMPP receipt text "stat:EXPIRED ..."). */
function failureFrom(answer: string): DeliveryFailure {
  if (/stat:EXPIRED/i.test(answer)) return "expired";
  if (/stat:REJECTD/i.test(answer)) return "rejected";
  return "undeliverable";
}

/**
 * smsbox's `mo-recode = true` turns UCS-2 MOs into UTF-8 before the get-url;
 * without it %a would carry raw UCS-2 octets, which we refuse rather than
 * misread.
 */
function moText(query: URLSearchParams): string {
  const charset = query.get("charset");
  if (query.get("coding") === "2" && charset && !/^utf-?8$/i.test(charset)) {
    throw new SmspayError("invalid_request", "Kannel MO in UCS-2: set mo-recode = true in smsbox", {
      fields: [{ path: "charset", message: `expected UTF-8, got ${charset}` }],
    });
  }
  return query.get("text") ?? "";
}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) {
    throw new SmspayError("invalid_request", `Kannel callback without ${name}`, {
      fields: [{ path: name, message: "required" }],
    });
  }
  return value;
}
