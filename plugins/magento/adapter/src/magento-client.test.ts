// The Magento client's limits: the outbox calls it inside a lease, so a shop
// that hangs (or trickles its answer) must fail the call by itself,
// retryably, within the operator's bound, whatever the shop's own setting;
// and its calls go through the fetch smspay hands it (the outbound guard).

import { isSmspayError } from "@smspay/core";
import { closeAfterEach, HangingServer, platformPayment, rejection } from "@smspay/testkit";
import { describe, expect, it } from "vitest";
import { createMagentoAdapter } from "./magento-adapter.ts";

const closing = closeAfterEach();
const payment = platformPayment({ orderRef: "42" });

// The bound is 300 ms; the test's own timeout (5 s) is what a call without one would run into.
describe("Magento client limits", { timeout: 5_000 }, () => {
  it.each(["silent", "trickle"] as const)(
    "gives up on a %s shop at the operator's bound, retryably, through the given fetch",
    async (mode) => {
      const shop = closing(await HangingServer.start(mode));
      const called: string[] = [];
      const adapter = createMagentoAdapter(
        // The shop's own setting is a minute: the operator's 300 ms bound wins.
        { baseUrl: shop.url, auth: { type: "bearer", accessToken: "token" }, timeoutMs: 60_000 },
        {
          timeoutMs: 300,
          fetch: (input, init) => {
            called.push(String(input));
            return fetch(input, init);
          },
        },
      );
      const error = await rejection(adapter.notifyPaid({ payment }));
      expect(isSmspayError(error) && error.code).toBe("platform_error");
      expect(isSmspayError(error) && error.retryable).toBe(true);
      expect(called).toEqual([`${shop.url}/rest/V1/orders/42`]);
    },
  );
});
