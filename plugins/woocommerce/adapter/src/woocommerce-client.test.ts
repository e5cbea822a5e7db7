// The WooCommerce client's limits: the outbox calls it inside a lease, so a
// shop that hangs (or trickles its answer) must fail the call by itself,
// retryably; and a shop's redirect is never followed (the URL is the
// merchant's, the redirect's target could be anything).

import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isSmspayError } from "@smspay/core";
import {
  closeAfterEach,
  FakeHttpServer,
  HangingServer,
  platformPayment,
  rejection,
} from "@smspay/testkit";
import { describe, expect, it } from "vitest";
import { createWooCommerceAdapter } from "./woocommerce-adapter.ts";

const closing = closeAfterEach();
const payment = platformPayment({ orderRef: "42" });

const connection = (url: string) => ({
  url,
  consumerKey: "ck_0123456789abcdef",
  consumerSecret: "cs_0123456789abcdef",
});

// The bound is 300 ms; the test's own timeout (5 s) is what a call without one would run into.
describe("WooCommerce client limits", { timeout: 5_000 }, () => {
  it.each(["silent", "trickle"] as const)(
    "gives up on a %s shop at its timeout, retryably, and closes the connection",
    async (mode) => {
      const shop = closing(await HangingServer.start(mode));
      const adapter = createWooCommerceAdapter(connection(shop.url), { timeoutMs: 300 });
      const error = await rejection(adapter.notifyPaid({ payment }));
      expect(isSmspayError(error) && error.code).toBe("platform_error");
      expect(isSmspayError(error) && error.retryable).toBe(true);
      expect(shop.received).toMatch(/^GET \/wp-json\/wc\/v3\/orders\/42\?/m);
      for (let i = 0; i < 100 && shop.closedByClient < shop.accepted; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(shop.closedByClient).toBe(shop.accepted);
    },
  );

  it("goes straight to the shop through the agents it is given, whatever HTTP_PROXY says", async () => {
    let proxied = 0;
    const proxy = closing(
      await FakeHttpServer.start(() => {
        proxied += 1;
        return { status: 502, body: {} };
      }),
    );
    const shop = closing(
      await FakeHttpServer.start(() => ({
        status: 404,
        body: { code: "none", message: "no order" },
      })),
    );
    const before = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      const agents = { http: new HttpAgent(), https: new HttpsAgent() };
      const adapter = createWooCommerceAdapter(connection(shop.url), { agents });
      expect(await adapter.orderState({ orderRef: "42" })).toBe("not_found");
    } finally {
      if (before === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = before;
    }
    expect(proxied).toBe(0);
  });

  it("does not follow a shop's redirect", async () => {
    let targetCalled = false;
    const target = closing(
      await FakeHttpServer.start(() => {
        targetCalled = true;
        return { status: 200, body: {} };
      }),
    );
    const shop = closing(
      await FakeHttpServer.start(() => ({
        status: 302,
        headers: { location: `${target.url}/wp-json/wc/v3/orders/42` },
      })),
    );
    const error = await rejection(
      createWooCommerceAdapter(connection(shop.url)).orderState({ orderRef: "42" }),
    );
    expect(isSmspayError(error) && error.code).toBe("platform_error");
    expect(String(error)).toContain("answered 302");
    expect(targetCalled).toBe(false);
  });
});
