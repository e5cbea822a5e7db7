// One merchant never sees or touches another's data. The routes come from
// Express's router stack, so a new route is checked (or must be declared
// public, with a reason) the day it is added: every merchant API route with
// another merchant's key, every dashboard route with another merchant's
// owner, each aimed at the first merchant's payment, refund, endpoint,
// attention item, dead effect, notification and API key.

import { randomBytes, randomUUID } from "node:crypto";
import { newId, raiseAttention } from "@smspay/core";
import { pgliteTestDatabase } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouteEntry, routeTable } from "../http/route-table.ts";
import { TestShop } from "../test-client.ts";
import { type RunningSmspay, startSmspay } from "../test-support.ts";
import { DashboardClient } from "./dashboard-test-client.ts";

const PASSWORD = "correct horse battery staple";

/** Routes anyone may call, and why that is safe. */
const PUBLIC: readonly [RegExp, string][] = [
  [/^\/$/, "redirects to the sandbox or /health"],
  [/^\/(health|ready)$/, "process and database probes, no data"],
  [/^\/webhooks\/sms\//, "SMS providers' webhooks: each request's signature is verified first"],
  [
    /^\/pay\//,
    "the customer's checkout: reached through an unguessable payment id or consent token",
  ],
  [/^\/sandbox(\/|$)/, "the fake operator's virtual phones, off in production"],
  [/^\/(openapi\.json|docs\/api)$/, "the API's public reference"],
  [
    /^\/dashboard\/(assets\/|login$|sso$)/,
    "sign-in pages, their static files, and one-time sign-in links",
  ],
  [/^\/shopify\//, "Shopify's requests, verified by the Shopify app (HMAC, session tokens, mTLS)"],
];

function publicReason(route: RouteEntry): string | undefined {
  return PUBLIC.find(([pattern]) => pattern.test(route.path))?.[1];
}

describe("merchant isolation, route by route", () => {
  let running: RunningSmspay;
  let routes: RouteEntry[];
  let a: TestShop;
  let b: TestShop;
  let bOwner: DashboardClient;
  /** The first merchant's ids, per route parameter context. */
  const ids: Record<string, string> = {};
  /** Strings only the first merchant's data contains. */
  const secrets: string[] = [];

  beforeAll(async () => {
    running = await startSmspay({ db: (await pgliteTestDatabase().open()).db });
    routes = routeTable(running.smspay.app);
    a = await TestShop.open(running, "Shop A");
    b = await TestShop.open(running, "Shop B");
    const store = running.smspay.deps.store;

    const marker = `A-${randomBytes(6).toString("hex")}`;
    const paid = await a.payBySms(450);
    const order = await a.create(200, { orderRef: `order-${marker}` });
    const refund = await a.api(
      "POST",
      `/v1/payments/${paid.id}/refunds`,
      { amount: 100 },
      {
        "idempotency-key": `refund-${marker}`,
      },
    );
    expect(refund.status).toBe(201);
    const endpoint = await a.api("POST", "/v1/webhook-endpoints", {
      url: `https://${marker.toLowerCase()}.example/hook`,
    });
    const notification = await a.api("POST", "/v1/notifications", {
      type: "order_confirmation",
      paymentId: paid.id,
    });
    expect(notification.status).toBe(202);
    await store.transaction((tx) =>
      raiseAttention(
        tx,
        {
          kind: "order_not_found",
          merchantId: a.merchantId,
          paymentId: paid.id,
          detail: `lost ${marker}`,
        },
        new Date(),
      ),
    );
    const [attention] = await store.attention.list({
      merchantId: a.merchantId,
      open: true,
      limit: 1,
    });
    const effect = newId("eff");
    await store.effects.enqueue({
      id: effect,
      kind: "notify_platform",
      payload: { paymentId: paid.id, event: "payment.succeeded", eventId: "evt_x" },
      paymentId: paid.id,
      runAt: new Date(Date.now() + 3_600_000),
    });
    await store.effects.bury({ id: effect, error: `failed ${marker}`, at: new Date() });
    const [key] = await store.apiKeys.listForMerchant(a.merchantId);
    const aOwner = `owner-${marker.toLowerCase()}@a.example`;
    await running.smspay.accounts.createUser({
      merchantId: a.merchantId,
      email: aOwner,
      role: "owner",
      password: PASSWORD,
    });

    Object.assign(ids, {
      payment: paid.id,
      attention: attention?.id ?? "",
      effect,
      endpoint: endpoint.body.id,
      notification: notification.body.id,
      key: key?.id ?? "",
    });
    secrets.push(
      marker,
      paid.id,
      order.id,
      refund.body.id,
      endpoint.body.id,
      effect,
      attention?.id ?? "",
      key?.prefix ?? "",
      aOwner,
      notification.body.id,
    );

    const bEmail = `owner-${randomBytes(4).toString("hex")}@b.example`;
    await running.smspay.accounts.createUser({
      merchantId: b.merchantId,
      email: bEmail,
      role: "owner",
      password: PASSWORD,
    });
    bOwner = await DashboardClient.signIn(running.baseUrl, bEmail, PASSWORD);
  });
  afterAll(() => running?.close());

  /** The route's path aimed at the first merchant's resource. */
  const aimed = (route: RouteEntry): string =>
    route.path.replace(/:(\w+)/g, (_match, name: string) => {
      if (name !== "id") throw new Error(`no value for :${name} in ${route.path}`);
      if (route.path.includes("/payments/")) return ids.payment ?? "";
      if (route.path.includes("/attention/")) return ids.attention ?? "";
      if (route.path.includes("/effects/")) return ids.effect ?? "";
      if (route.path.includes("/webhook")) return ids.endpoint ?? "";
      if (route.path.includes("/notifications/")) return ids.notification ?? "";
      if (route.path.includes("/api-keys/")) return ids.key ?? "";
      throw new Error(`which resource does ${route.path} name?`);
    });

  const leaks = (text: string) => secrets.filter((secret) => secret && text.includes(secret));

  it("checks every route, or knows why it is public", () => {
    const unclassified = routes.filter(
      (r) => !publicReason(r) && !r.path.startsWith("/v1/") && !r.path.startsWith("/dashboard"),
    );
    expect(unclassified).toEqual([]);
    expect(routes.filter((r) => r.path.startsWith("/v1/")).length).toBeGreaterThan(20);
    expect(
      routes.filter((r) => r.path.startsWith("/dashboard") && !publicReason(r)).length,
    ).toBeGreaterThan(15);
  });

  it("refuses every merchant API route without a key", async () => {
    for (const route of routes.filter((r) => r.path.startsWith("/v1/"))) {
      const res = await fetch(`${running.baseUrl}${aimed(route)}`, {
        method: route.method.toUpperCase(),
      });
      expect(res.status, `${route.method} ${route.path}`).toBe(401);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("answers another merchant's key with nothing of the first merchant's", async () => {
    for (const route of routes.filter((r) => r.path.startsWith("/v1/"))) {
      const path = aimed(route);
      const body = route.method === "get" || route.method === "delete" ? undefined : {};
      const answer = await b.api(route.method.toUpperCase(), path, body, {
        "idempotency-key": `b-${randomBytes(4).toString("hex")}`,
      });
      const label = `${route.method} ${route.path}`;
      if (route.path.includes(":id")) {
        // Refused before or at the lookup: never "yours, but not possible now".
        expect([400, 404], label).toContain(answer.status);
        if (answer.status === 404) expect(answer.body.code, label).toBe("not_found");
      } else {
        expect(answer.status, label).toBeLessThan(500);
        // A 404 that echoes the path names nothing of the first merchant's either.
        expect(leaks(JSON.stringify(answer.body)), label).toEqual([]);
      }
    }
  });

  it("refuses every dashboard page to a signed-out browser", async () => {
    const signedOut = new DashboardClient(running.baseUrl);
    for (const route of routes.filter((r) => r.path.startsWith("/dashboard") && !publicReason(r))) {
      const label = `${route.method} ${route.path}`;
      const answer =
        route.method === "get"
          ? await signedOut.get(aimed(route))
          : await signedOut.form(aimed(route), {}, { csrf: false });
      if (route.method === "get") {
        expect(answer.status, label).toBe(303);
        expect(answer.headers.get("location"), label).toMatch(/^\/dashboard\/login\?next=/);
      } else {
        expect(answer.status, label).toBe(401);
      }
    }
  });

  it("shows and lets another merchant's owner change nothing of the first merchant's", async () => {
    const dashboardRoutes = routes.filter(
      (r) => r.path.startsWith("/dashboard") && !publicReason(r) && r.path !== "/dashboard/logout",
    );
    for (const route of dashboardRoutes) {
      const label = `${route.method} ${route.path}`;
      const path = aimed(route);
      const answer =
        route.method === "get"
          ? await bOwner.get(path)
          : await bOwner.form(path, {
              amount: "1.00",
              idempotencyKey: randomUUID(),
              name: "b key",
              url: "https://b.example/hook",
            });
      if (route.path.includes(":id")) expect(answer.status, label).toBe(404);
      else expect(answer.status, label).toBeLessThan(500);
      // The error may repeat the id asked for; nothing else of the first merchant's.
      const asked = path.split("/").filter((part) => Object.values(ids).includes(part));
      const shown = asked.reduce((text, id) => text.replaceAll(id, ""), answer.text);
      expect(leaks(shown), label).toEqual([]);
    }
    // And nothing of the first merchant's changed.
    const store = running.smspay.deps.store;
    expect((await a.payment(ids.payment ?? "")).refundedAmount).toBe(100);
    expect((await store.effects.get({ id: ids.effect ?? "" }))?.status).toBe("dead");
    expect(
      await store.attention.get({ merchantId: a.merchantId, id: ids.attention ?? "" }),
    ).toMatchObject({ resolvedAt: null });
    expect(
      (await store.apiKeys.listForMerchant(a.merchantId)).every((k) => k.revokedAt === null),
    ).toBe(true);
    expect((await a.api("GET", "/v1/webhook-endpoints")).body.data).toHaveLength(1);
  });
});
