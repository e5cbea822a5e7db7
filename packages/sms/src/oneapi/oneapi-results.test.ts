// Answers the fake operator never gives, read through the one mapping.

import { describe, expect, it } from "vitest";
import { chargeOutcome, refundOutcome } from "./oneapi-results.ts";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const transaction = (status: string, serverReferenceCode?: string) =>
  json(201, {
    amountTransaction: {
      transactionOperationStatus: status,
      ...(serverReferenceCode ? { serverReferenceCode } : {}),
    },
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("OneAPI answers", () => {
  it("reads a charge or a refund only with the operator's reference", async () => {
    expect(await chargeOutcome("op", transaction("Charged", "src-1"))).toEqual({
      status: "charged",
      chargeId: "src-1",
    });
    expect(await refundOutcome("op", transaction("Refunded", "src-2"))).toEqual({
      status: "refunded",
      operatorRefundId: "src-2",
    });
    expect(await rejection(chargeOutcome("op", transaction("Charged")))).toMatchObject({
      code: "transport_error",
      retryable: true,
    });
  });

  it("declines a Denied transaction, and retries one still Processing", async () => {
    expect(await chargeOutcome("op", transaction("Denied"))).toEqual({
      status: "declined",
      reason: "operator_error",
    });
    expect(await rejection(refundOutcome("op", transaction("Processing")))).toMatchObject({
      code: "transport_error",
      retryable: true,
    });
  });

  it("retries throttling and garbled successes, and stops at refusals without an exception", async () => {
    expect(await rejection(chargeOutcome("op", json(429, {})))).toMatchObject({ retryable: true });
    expect(
      await rejection(chargeOutcome("op", new Response("<html>", { status: 200 }))),
    ).toMatchObject({ code: "transport_error", retryable: true });
    expect(
      await rejection(chargeOutcome("op", json(404, { error: "no such path" }))),
    ).toMatchObject({
      code: "transport_error",
      retryable: false,
    });
  });

  it("takes service exceptions as well as policy ones", async () => {
    const service = (messageId: string) =>
      json(400, { requestError: { serviceException: { messageId, text: "…" } } });
    expect(await chargeOutcome("op", service("SVC0270"))).toEqual({
      status: "declined",
      reason: "operator_error",
    });
    expect(await refundOutcome("op", service("SVC0002"))).toEqual({
      status: "declined",
      reason: "operator_error",
    });
  });
});
