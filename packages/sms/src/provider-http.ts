// What the cloud SMS transports (Twilio, Infobip, Bird, Vonage) share: calling
// a provider's REST API with the core's error contract (retryable when trying
// again can help), and the checks their webhooks need (constant-time
// comparison, fresh timestamps, secrets that must be configured).

import { timingSafeEqual } from "node:crypto";
import { type DeliveryReceipt, SmspayError } from "@smspay/core";

/** What a provider's final status means for the MT: a receipt's outcome. */
export type ReceiptOutcome = Pick<DeliveryReceipt, "outcome" | "failure">;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Calls a provider. A network failure or timeout is a retryable
 * transport_error (the provider may well have accepted the message: the MT
 * carries our id where the provider lets it, so a retry can be matched).
 */
export async function callProvider(
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs?: number | undefined },
): Promise<Response> {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, ...request } = init;
  try {
    return await fetch(url, { ...request, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new SmspayError("transport_error", `${provider} unreachable: ${String(error)}`, {
      retryable: true,
      cause: error,
    });
  }
}

/**
 * The error for a provider's non-2xx answer: overload, throttling and server
 * errors pass; refusals (bad credentials, bad number, bad content) do not.
 */
export function providerRefusal(provider: string, status: number, detail: string): SmspayError {
  const retryable = status === 408 || status === 429 || status >= 500;
  return new SmspayError("transport_error", `${provider} answered ${status}: ${detail}`, {
    retryable,
  });
}

/**
 * The error for a non-2xx answer, with the provider's own words when its body
 * says something `detail` can read.
 */
export async function refusal(
  provider: string,
  response: Response,
  detail: (body: unknown) => string | undefined,
): Promise<SmspayError> {
  const text = await response.text().catch(() => "");
  let said: string | undefined;
  try {
    said = detail(JSON.parse(text));
  } catch {
    said = undefined;
  }
  return providerRefusal(provider, response.status, said ?? text.slice(0, 200));
}

/** Reads a JSON answer; a provider that says 2xx but sends garbage is having a bad day (retryable). */
export async function jsonBody(provider: string, response: Response): Promise<unknown> {
  const text = await wholeBody(provider, response);
  try {
    return JSON.parse(text);
  } catch {
    throw new SmspayError(
      "transport_error",
      `${provider} answered ${response.status} without JSON`,
      {
        retryable: true,
      },
    );
  }
}

/**
 * The answer's body. The call's timeout covers it too: a body that stops
 * coming (or trickles in) fails retryably, like no answer at all.
 */
export async function wholeBody(provider: string, response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new SmspayError("transport_error", `${provider}'s answer did not arrive whole`, {
      retryable: true,
      cause: error,
    });
  }
}

/** Equality that takes as long whatever the first difference: for secrets and signatures. */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a signed request's timestamp (unix seconds) is within `toleranceSeconds` of now: replays are refused. */
export function isFresh(
  timestampSeconds: string | undefined,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  if (timestampSeconds === undefined || !/^\d{1,12}$/.test(timestampSeconds)) return false;
  return Math.abs(now.getTime() / 1000 - Number(timestampSeconds)) <= toleranceSeconds;
}

/** Fails closed: a transport without the secret it verifies webhooks with must not start. */
export function requireSecret(provider: string, name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") {
    throw new Error(`${provider}: ${name} is required (webhooks cannot be verified without it)`);
  }
  return value;
}

/** The decoded pairs of an application/x-www-form-urlencoded body or query string. */
export function formPairs(encoded: string): [string, string][] {
  return [...new URLSearchParams(encoded)];
}

/** "+33612345678" -> "33612345678": the international format without "+" some APIs want. */
export function withoutPlus(e164: string): string {
  return e164.startsWith("+") ? e164.slice(1) : e164;
}

/** "33612345678" -> "+33612345678" (short codes and sender names stay as they are). */
export function asE164(msisdn: string): string {
  return /^\d{8,15}$/.test(msisdn) ? `+${msisdn}` : msisdn;
}

/**
 * These providers send standard-rate SMS only: a premium (billed) MT through
 * them would confirm a payment nobody was charged for, so it is refused.
 */
export function assertNotBilled(provider: string, message: { billed?: unknown }): void {
  if (message.billed !== undefined) {
    throw new SmspayError("transport_error", `${provider} cannot send a premium (billed) MT`, {
      retryable: false,
    });
  }
}
