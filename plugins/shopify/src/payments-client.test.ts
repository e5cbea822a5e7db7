// The Payments Apps client's limits: the outbox resolves and rejects sessions
// inside a lease, so a Shopify that hangs (or trickles its answer) must fail
// the call by itself, retryably, at the client's timeout.

import { isSmspayError } from "@smspay/core";
import { HangingServer } from "@smspay/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { PaymentsAppsClient } from "./payments-client.ts";

const open: HangingServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

// The bound is 300 ms; the test's own timeout (5 s) is what a call without one would run into.
describe("Payments Apps client limits", { timeout: 5_000 }, () => {
  it.each(["silent", "trickle"] as const)(
    "gives up on a %s Shopify at its timeout, retryably",
    async (mode) => {
      const shopify = await HangingServer.start(mode);
      open.push(shopify);
      const client = new PaymentsAppsClient(
        { shop: "hanging.myshopify.com", accessToken: "shpat_token" },
        { origin: () => shopify.url, timeoutMs: 300 },
      );
      const error = await client
        .resolvePayment("2026-10", "gid://shopify/PaymentSession/1", "pay_1")
        .then(
          () => expect.unreachable("the call should have failed"),
          (e: unknown) => e,
        );
      expect(isSmspayError(error) && error.code).toBe("platform_error");
      expect(isSmspayError(error) && error.retryable).toBe(true);
      expect(shopify.received).toContain("POST /payments_apps/api/2026-10/graphql.json");
    },
  );
});
