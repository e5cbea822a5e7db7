// The Shopify life cycle end to end: a real smspay (HTTP server, worker,
// sandbox operator) with the Shopify app mounted, on PGlite and on
// PostgreSQL, against the strict fake of Shopify's HTTP surface.

import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger, createSmspay, type Smspay } from "@smspay/server";
import { testConfig } from "@smspay/server/testing";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeShopify } from "./fake-shopify.ts";
import { SHOPIFY_SCOPES } from "./shopify-app.ts";
import { shopifyStore } from "./shopify-store.ts";

const API_KEY = "smspay-test-client-id";
const API_SECRET = "shpss_0123456789abcdef0123456789abcdef";
// shopify-api refuses OAuth to bots (410), and fetch's own user agent looks like one.
const BROWSER =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** name=value pairs of a response's Set-Cookie headers. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
}

describe.each(testDatabases())("Shopify payments app on $kind", (factory) => {
  let server: Server;
  let baseUrl: string;
  let fake: FakeShopify;
  let smspay: Smspay;
  let shopSeq = 0;
  let phoneSeq = 0;
  const newPhone = () => `+3361${String(3_000_000 + phoneSeq++ * 7919).padStart(7, "0")}`;

  beforeAll(async () => {
    server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fake = await FakeShopify.start({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appUrl: baseUrl,
      scopes: SHOPIFY_SCOPES,
    });
    const config = testConfig({
      publicUrl: baseUrl,
      shopify: {
        apiKey: API_KEY,
        apiSecret: API_SECRET,
        appUrl: new URL(baseUrl),
        apiVersion: "2026-10",
        clientCert: { mode: "off" },
        pendingAfterMs: 1000,
        origin: fake.origin,
      },
    });
    smspay = await createSmspay(config, createLogger(config.logLevel), {
      db: (await factory.open()).db,
    });
    server.on("request", smspay.app);
    smspay.worker.start();
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await smspay?.close();
    await fake?.close();
  });

  const get = (path: string, cookies: string[] = []) =>
    fetch(`${baseUrl}${path}`, {
      redirect: "manual",
      headers: { cookie: cookies.join("; "), "user-agent": BROWSER },
    });

  /** Installs the app the way a shop owner does: OAuth through the fake, then onboarding. */
  async function install(options: { mode?: "sandbox" | "live"; testSessions?: boolean } = {}) {
    const shop = `boutique-${++shopSeq}-${factory.kind}.myshopify.com`;
    const begin = await get(`/shopify/auth?shop=${shop}`);
    expect(begin.status).toBe(302);
    const authorize = new URL(begin.headers.get("location") ?? "");
    expect(authorize.origin).toBe(`https://${shop}`);
    const approved = await fetch(`${fake.origin(shop)}${authorize.pathname}${authorize.search}`, {
      redirect: "manual",
    });
    expect(approved.status).toBe(302);
    const callback = new URL(approved.headers.get("location") ?? "");
    const done = await get(`${callback.pathname}${callback.search}`, cookiesOf(begin));
    expect(done.status).toBe(303);
    const session = cookiesOf(done).filter((c) => c.startsWith("shopify_app_session"));
    expect(session.length).toBeGreaterThan(0);
    const form = new URLSearchParams({ mode: options.mode ?? "sandbox" });
    if (options.testSessions !== false) form.set("testSessions", "on");
    const saved = await fetch(`${baseUrl}/shopify/app/settings`, {
      method: "POST",
      headers: {
        cookie: session.join("; "),
        origin: baseUrl,
        "user-agent": BROWSER,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: form,
    });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Saved");
    const shopRow = await shopifyStore(smspay.db.prisma).getShop(shop);
    if (!shopRow) throw new Error("no shop after install");
    return { shop, merchantId: shopRow.merchantId, session };
  }

  const paymentOf = async (redirectUrl: string) => {
    const id = new URL(redirectUrl).pathname.split("/").at(-1) ?? "";
    const payment = await smspay.deps.store.payments.getById(id);
    if (!payment) throw new Error(`no payment ${id}`);
    return payment;
  };

  const paySms = async (redirectUrl: string, phone = newPhone()) => {
    const payment = await paymentOf(redirectUrl);
    const res = await fetch(`${baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        from: phone,
        to: payment.shortCode,
        text: `${payment.keyword} ${payment.reference}`,
      }),
    });
    expect(res.status).toBe(202);
    return payment;
  };

  const statusOf = async (paymentId: string) =>
    (await smspay.deps.store.payments.getById(paymentId))?.status;

  it("installs, takes a payment, resolves it, refunds it, uninstalls and redacts", async () => {
    const { shop, merchantId, session } = await install();
    expect(fake.configurations.get(shop)).toEqual({ externalHandle: merchantId, ready: true });
    expect((await smspay.deps.store.platformConnections.get(merchantId))?.platform).toBe("shopify");

    const phone = newPhone();
    const started = await fake.requestPayment(shop, {
      amount: "4.50",
      currency: "EUR",
      customer: { email: "Alice@Example.com", phone_number: phone, locale: "fr" },
    });
    expect(started.status).toBe(201);
    const redirectUrl = (started.body as { redirect_url: string }).redirect_url;
    expect(redirectUrl).toMatch(new RegExp(`^${baseUrl}/pay/pay_`));
    const payment = await paySms(redirectUrl, phone);
    expect(payment).toMatchObject({ amount: 450, currency: "EUR", orderRef: started.session.gid });

    await eventually(
      async () => (fake.session(started.session.gid)?.state === "resolved" ? true : undefined),
      "resolve",
    );
    expect(fake.callsFor(started.session.gid, "paymentSessionResolve")).toHaveLength(1);

    // The buyer's way back goes to the URL Shopify answered the resolve with.
    const back = await eventually(async () => {
      const res = await get(new URL(payment.returnUrl).pathname);
      return res.status === 303 ? res : undefined;
    }, "return redirect");
    expect(back.headers.get("location")).toBe(
      `https://${shop}/checkouts/c/${started.session.id}/thank-you`,
    );

    // The shop owner's home page lists it; nobody else's cookie shows it.
    const home = await (await get("/shopify/app", session)).text();
    expect(home).toContain(started.session.id);
    expect(home).toContain("succeeded");
    expect(await (await get("/shopify/app")).text()).not.toContain(started.session.id);

    // A refund session from Shopify: answered 201, resolved asynchronously.
    const refund = await fake.requestRefund(shop, started.session, "1.50");
    expect(refund.status).toBe(201);
    await eventually(
      async () => (fake.session(refund.session.gid)?.state === "resolved" ? true : undefined),
      "refund resolve",
    );
    expect(await statusOf(payment.id)).toBe("partially_refunded");
    const refunds = await smspay.deps.store.refunds.listForPayment(payment.id);
    expect(refunds).toMatchObject([{ amount: 150, status: "succeeded" }]);
    // Shopify retrying the refund session refunds nothing more.
    expect((await fake.requestRefund(shop, started.session, "1.50")).status).toBe(201);
    expect(await fake.resendPayment(shop, started.request)).toMatchObject({ status: 201 });

    // Privacy: the data request exports what smspay holds, the redact erases it.
    expect(
      await fake.webhook("customers/data_request", shop, {
        shop_id: 1,
        shop_domain: shop,
        orders_requested: [],
        customer: { id: 7, email: "alice@example.com", phone },
        data_request: { id: 99 },
      }),
    ).toBe(200);
    const exports = await shopifyStore(smspay.db.prisma).dataRequests({ merchantId, limit: 5 });
    expect(exports).toHaveLength(1);
    expect(JSON.stringify(exports[0]?.export)).toContain(payment.id);

    expect(await fake.webhook("app/uninstalled", shop, { id: 1, domain: shop })).toBe(200);
    expect(await fake.webhook("app/uninstalled", shop, { id: 1, domain: shop })).toBe(200);
    fake.revokeTokens(shop);
    expect((await smspay.deps.store.merchants.get(merchantId))?.active).toBe(false);
    expect(await smspay.deps.store.platformConnections.get(merchantId)).toBeUndefined();
    expect((await fake.requestPayment(shop, { amount: "4.50", currency: "EUR" })).status).toBe(404);

    expect(
      await fake.webhook("customers/redact", shop, {
        shop_id: 1,
        shop_domain: shop,
        customer: { id: 7, email: "alice@example.com", phone },
        orders_to_redact: [],
      }),
    ).toBe(200);
    const redacted = await smspay.deps.store.payments.getById(payment.id);
    expect(redacted).toMatchObject({
      amount: 450,
      status: "partially_refunded",
      phoneHash: null,
      phoneCipher: null,
      phoneLast4: null,
      customerEmail: null,
    });
    expect(await fake.webhook("shop/redact", shop, { shop_id: 1, shop_domain: shop })).toBe(200);
    expect((await shopifyStore(smspay.db.prisma).getShop(shop))?.redactedAt).not.toBeNull();
  });

  it("refuses webhooks whose HMAC does not match, before reading them", async () => {
    const { shop, merchantId } = await install();
    const forged = await fake.webhook(
      "app/uninstalled",
      shop,
      { domain: shop },
      { secret: "not-the-secret-at-all" },
    );
    expect(forged).toBe(401);
    const unsigned = await fetch(`${baseUrl}/shopify/webhooks`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-topic": "shop/redact" },
      body: "{}",
    });
    expect(unsigned.status).toBe(401);
    expect((await smspay.deps.store.merchants.get(merchantId))?.active).toBe(true);
  });

  it("gives Shopify's retries of a payment session, even concurrent ones, the same answer", async () => {
    const { shop, merchantId } = await install();
    const first = await fake.requestPayment(shop, { amount: "2.00", currency: "EUR" });
    const retries = await Promise.all([
      fake.resendPayment(shop, first.request),
      fake.resendPayment(shop, first.request),
      fake.resendPayment(shop, first.request),
    ]);
    expect(first.status).toBe(201);
    for (const retry of retries) expect(retry).toEqual({ status: 201, body: first.body });

    const session = fake.openPaymentSession(shop, { amount: "0.99", currency: "EUR" });
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => fake.requestPayment(shop, { amount: "0.99", currency: "EUR", session })),
    );
    const answers = new Set(concurrent.map((c) => JSON.stringify([c.status, c.body])));
    expect(answers.size).toBe(1);
    const payments = await smspay.deps.store.payments.list({ merchantId, limit: 10 });
    expect(payments.filter((p) => p.orderRef === session.gid)).toHaveLength(1);
  });

  it("resolves exactly once through a Shopify outage", async () => {
    const { shop } = await install();
    const started = await fake.requestPayment(shop, { amount: "4.50", currency: "EUR" });
    fake.failNext(2);
    await paySms((started.body as { redirect_url: string }).redirect_url);
    await eventually(
      async () => (fake.session(started.session.gid)?.state === "resolved" ? true : undefined),
      "resolve after outage",
    );
    const calls = fake.calls.filter((c) => c.variables.id === started.session.gid);
    expect(calls.map((c) => c.status)).toEqual([503, 503, 200]);
    expect(fake.session(started.session.gid)?.transitions).toBe(1);
  });

  it("rejects a failed payment with the reason of the session's API version once the buyer goes back", async () => {
    const { shop } = await install();
    for (const [version, code] of [
      ["2026-10", "INSUFFICIENT_FUNDS"],
      ["2026-01", "PROCESSING_ERROR"],
    ] as const) {
      const started = await fake.requestPayment(shop, { amount: "4.50", currency: "EUR", version });
      const payment = await paySms(
        (started.body as { redirect_url: string }).redirect_url,
        "+33600000001",
      );
      await eventually(
        async () => ((await statusOf(payment.id)) === "failed" ? true : undefined),
        "failure",
      );
      // The checkout still offers "Try again": Shopify hears nothing yet.
      await smspay.worker.drain();
      expect(fake.session(started.session.gid)?.state).toBe("open");
      const back = await get(new URL(payment.returnUrl).pathname);
      expect(back.status).toBe(303);
      expect(back.headers.get("location")).toBe(
        `https://${shop}/checkouts/c/${started.session.id}/payment-failed`,
      );
      expect(fake.session(started.session.gid)).toMatchObject({
        state: "rejected",
        rejection: { code },
      });
    }
  });

  it("marks the session pending when the operator is slow to confirm, and sends the buyer back", async () => {
    const { shop } = await install();
    const started = await fake.requestPayment(shop, { amount: "4.50", currency: "EUR" });
    // This sandbox phone never gets a delivery receipt: the payment stays processing.
    const payment = await paySms(
      (started.body as { redirect_url: string }).redirect_url,
      "+33600000003",
    );
    await eventually(
      async () => ((await statusOf(payment.id)) === "processing" ? true : undefined),
      "processing",
    );
    const waiting = await get(new URL(payment.returnUrl).pathname);
    expect(waiting.status).toBe(200);
    expect(await waiting.text()).toContain("confirming");
    const back = await eventually(async () => {
      const res = await get(new URL(payment.returnUrl).pathname);
      return res.status === 303 ? res : undefined;
    }, "pending redirect");
    expect(back.headers.get("location")).toBe(
      `https://${shop}/checkouts/c/${started.session.id}/thank-you`,
    );
    expect(fake.session(started.session.gid)).toMatchObject({ state: "pending" });
    expect(fake.callsFor(started.session.gid, "paymentSessionPending")[0]?.variables).toMatchObject(
      {
        reason: "BUYER_ACTION_REQUIRED",
      },
    );
  });

  it("sends an abandoning buyer to cancel_url without rejecting", async () => {
    const { shop } = await install();
    const started = await fake.requestPayment(shop, { amount: "4.50", currency: "EUR" });
    const payment = await paymentOf((started.body as { redirect_url: string }).redirect_url);
    const canceled = await fetch(`${baseUrl}/pay/${payment.id}/cancel`, {
      method: "POST",
      redirect: "manual",
    });
    expect(canceled.status).toBe(303);
    const back = await get(new URL(payment.returnUrl).pathname);
    expect(back.headers.get("location")).toBe(
      `https://${shop}/checkouts/c/${started.session.id}/payment`,
    );
    await smspay.worker.drain();
    expect(fake.session(started.session.gid)?.state).toBe("open");
  });

  it("captures a paid authorization and voids an unpaid one by cancelling it", async () => {
    const { shop } = await install();
    const authorized = await fake.requestPayment(shop, {
      amount: "2.00",
      currency: "EUR",
      kind: "authorization",
    });
    const paid = await paySms((authorized.body as { redirect_url: string }).redirect_url);
    await eventually(
      async () => (fake.session(authorized.session.gid)?.state === "resolved" ? true : undefined),
      "resolve",
    );
    const capture = await fake.requestCapture(shop, authorized.session, "2.00");
    expect(capture.status).toBe(201);
    await eventually(
      async () => (fake.session(capture.session.gid)?.state === "resolved" ? true : undefined),
      "capture",
    );
    expect(await statusOf(paid.id)).toBe("succeeded");

    const unpaid = await fake.requestPayment(shop, {
      amount: "2.00",
      currency: "EUR",
      kind: "authorization",
    });
    const pending = await paymentOf((unpaid.body as { redirect_url: string }).redirect_url);
    const voided = await fake.requestVoid(shop, unpaid.session);
    expect(voided.status).toBe(201);
    await eventually(
      async () => (fake.session(voided.session.gid)?.state === "resolved" ? true : undefined),
      "void",
    );
    expect(await statusOf(pending.id)).toBe("canceled");
    // Voiding a paid payment is refused: SMS payments are charged when paid.
    const late = await fake.requestVoid(shop, authorized.session);
    await eventually(
      async () => (fake.session(late.session.gid)?.state === "rejected" ? true : undefined),
      "void reject",
    );
  });

  it("runs test sessions in the sandbox only when the shop accepts them", async () => {
    const live = await install({ mode: "live", testSessions: false });
    const refused = await fake.requestPayment(live.shop, {
      amount: "4.50",
      currency: "EUR",
      test: true,
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "invalid_state" });
    const accepting = await install({ mode: "live", testSessions: true });
    const test = await fake.requestPayment(accepting.shop, {
      amount: "4.50",
      currency: "EUR",
      test: true,
    });
    expect(test.status).toBe(201);
    const payment = await paymentOf((test.body as { redirect_url: string }).redirect_url);
    expect(payment.test).toBe(true);
    expect(payment.metadata).not.toHaveProperty("shopify_test");
  });

  it("answers malformed session requests with a problem and stores nothing", async () => {
    const { shop, merchantId } = await install();
    const res = await fetch(`${baseUrl}/shopify/payment-sessions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "shopify-shop-domain": shop,
        "shopify-request-id": "r1",
        "shopify-api-version": "2026-10",
      },
      body: JSON.stringify({
        id: "x",
        gid: "gid://shopify/PaymentSession/x",
        amount: "4.5.0",
        currency: "EUR",
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "invalid_request" });
    const unknownVersion = await fake.requestPayment(shop, {
      amount: "4.50",
      currency: "EUR",
      version: "2019-04",
    });
    expect(unknownVersion.status).toBe(400);
    expect(await smspay.deps.store.payments.list({ merchantId, limit: 5 })).toHaveLength(0);
  });
});
