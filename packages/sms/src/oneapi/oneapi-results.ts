// What a OneAPI payment server's answers mean for smspay, in one place.
//
// A success is `{amountTransaction: {transactionOperationStatus, serverReferenceCode, ...}}`
// (201 Created, or 200 for a repeated clientCorrelator). A refusal is
// `{requestError: {policyException | serviceException: {messageId, text, variables}}}`
// with a 4xx status. The exception ids follow the GSMA OneAPI Payment API
// (OMA ParlayREST Payment): SVC0xxx for service exceptions (bad or refused
// input), POL0xxx/POL1xxx/POL2xxx for operator policy. The ids below are those
// operators publish for it (e.g. Bizao's OneAPI payment error list, the WSO2
// Telco / Axiata OneAPI sandbox): anything else is an operator error.

import {
  type ChargeOutcome,
  type DeclineReason,
  type RefundDeclineReason,
  type RefundOutcome,
  SmspayError,
} from "@smspay/core";
import { z } from "zod";
import { jsonBody, providerRefusal } from "../provider-http.ts";

/** What OneAPI says the operator did; "retry" when the operator asks us to come back later. */
type Meaning<R> = R | "retry";

const CHARGE_EXCEPTIONS: Readonly<Record<string, Meaning<DeclineReason>>> = {
  // POL1000 "User has insufficient credit for transaction".
  POL1000: "insufficient_funds",
  // POL0253 "Payment operation refused by user": the line refuses carrier billing (barred, opted out).
  POL0253: "blocked",
  // POL0254 "The amount exceeds the operator limit for a single charge".
  POL0254: "limit_exceeded",
  // POL1001 "The %1 operator charging limit for this user has been exceeded" (daily, monthly...).
  POL1001: "limit_exceeded",
  // POL1002 "The charge happened too soon after the previous one": the worker's backoff waits.
  POL1002: "retry",
  // SVC0270 "Charging operation failed, the charge was not applied".
  SVC0270: "operator_error",
};

const REFUND_EXCEPTIONS: Readonly<Record<string, Meaning<RefundDeclineReason>>> = {
  // POL1005 "A refund request requires the originalServerReferenceCode".
  POL1005: "unknown_charge",
  // POL1006 "originalServerReferenceCode not valid".
  POL1006: "unknown_charge",
  // POL2011 "Transaction expired or invalid".
  POL2011: "unknown_charge",
  // POL2010 "Inconsistent transaction": the refund does not fit the charge (more than is left of it).
  POL2010: "exceeds_charge",
};

const exceptionSchema = z.object({ messageId: z.string(), text: z.string().optional() });
const requestErrorSchema = z.object({
  requestError: z.union([
    z.object({ policyException: exceptionSchema }),
    z.object({ serviceException: exceptionSchema }),
  ]),
});

const transactionSchema = z.object({
  amountTransaction: z.object({
    transactionOperationStatus: z.string(),
    serverReferenceCode: z.string().min(1).optional(),
  }),
});

export async function chargeOutcome(provider: string, response: Response): Promise<ChargeOutcome> {
  if (!response.ok) {
    const reason = await declined(provider, response, CHARGE_EXCEPTIONS);
    return { status: "declined", reason };
  }
  const { transactionOperationStatus: status, serverReferenceCode } = await transaction(
    provider,
    response,
  );
  if (status === "Charged" && serverReferenceCode) {
    return { status: "charged", chargeId: serverReferenceCode };
  }
  // "Denied" (some servers answer a refusal as a state); anything else is not final.
  if (status === "Denied") return { status: "declined", reason: "operator_error" };
  throw notFinal(provider, status);
}

export async function refundOutcome(provider: string, response: Response): Promise<RefundOutcome> {
  if (!response.ok) {
    const reason = await declined(provider, response, REFUND_EXCEPTIONS);
    return { status: "declined", reason };
  }
  const { transactionOperationStatus: status, serverReferenceCode } = await transaction(
    provider,
    response,
  );
  if (status === "Refunded" && serverReferenceCode) {
    return { status: "refunded", operatorRefundId: serverReferenceCode };
  }
  if (status === "Denied") return { status: "declined", reason: "operator_error" };
  throw notFinal(provider, status);
}

/**
 * A refusal's meaning. Overload, throttling and server errors are retried
 * (the clientCorrelator makes the retry safe); an answer naming a policy or
 * service exception is the operator's decision; any other 4xx (bad
 * credentials, a path the server does not know) is ours to fix: final.
 */
async function declined<R extends string>(
  provider: string,
  response: Response,
  table: Readonly<Record<string, Meaning<R | "operator_error">>>,
): Promise<R | "operator_error"> {
  const text = await response.text().catch(() => "");
  if (response.status === 408 || response.status === 429 || response.status >= 500) {
    throw providerRefusal(provider, response.status, text.slice(0, 200));
  }
  const exception = parseException(text);
  if (!exception) throw providerRefusal(provider, response.status, text.slice(0, 200));
  const meaning = table[exception.messageId] ?? "operator_error";
  if (meaning === "retry") {
    throw new SmspayError(
      "transport_error",
      `${provider} asks to retry later: ${exception.messageId} ${exception.text ?? ""}`.trim(),
      { retryable: true },
    );
  }
  return meaning;
}

function parseException(text: string): z.infer<typeof exceptionSchema> | undefined {
  try {
    const parsed = requestErrorSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    const error = parsed.data.requestError;
    return "policyException" in error ? error.policyException : error.serviceException;
  } catch {
    return undefined;
  }
}

async function transaction(
  provider: string,
  response: Response,
): Promise<z.infer<typeof transactionSchema>["amountTransaction"]> {
  const parsed = transactionSchema.safeParse(await jsonBody(provider, response));
  if (!parsed.success) {
    throw new SmspayError("transport_error", `${provider} answered without an amountTransaction`, {
      retryable: true,
    });
  }
  return parsed.data.amountTransaction;
}

// Processing, or a status we do not know: asking again with the same
// clientCorrelator returns the transaction once it is final.
function notFinal(provider: string, status: string): SmspayError {
  return new SmspayError("transport_error", `${provider} answered ${status}: not final yet`, {
    retryable: true,
  });
}
