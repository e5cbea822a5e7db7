// One merchant never sees nor touches another's data through the merchant API:
// every route that takes an id answers 404 for another merchant's id (the same
// answer as for an id that does not exist, so ids cannot be probed), changes
// nothing, and no list shows another merchant's rows.

import { newId } from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Json, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

describe.each(testDatabases())("merchant API isolation on $kind", (factory) => {
  let smspay: RunningSmspay;
  let owner: TestShop;
  let stranger: TestShop;
  /** The owner's things the stranger goes after. */
  type Ids = {
    paid: string;
    pending: string;
    notification: string;
    endpoint: string;
    effect: string;
    attention: string;
  };
  let ids: Ids;
  const OWN_CODE = "84321";

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    owner = await TestShop.open(smspay, "Owner");
    stranger = await TestShop.open(smspay, "Stranger");
    const { store } = smspay.smspay.deps;

    const paid: string = (await owner.payBySms(450)).id;
    const pending: string = (await owner.create(200)).id;
    const refund = await owner.api(
      "POST",
      `/v1/payments/${paid}/refunds`,
      { amount: 100 },
      { "idempotency-key": "isolation-refund" },
    );
    expect(refund.status).toBe(201);
    const dispute = await owner.api("POST", `/v1/payments/${paid}/disputes`, {
      reason: "customer complaint",
      amount: 50,
    });
    expect(dispute.status).toBe(201);
    const notification = await owner.api("POST", "/v1/notifications", {
      type: "order_confirmation",
      paymentId: paid,
      params: {},
    });
    expect(notification.status).toBe(202);
    const endpoint = await owner.api("POST", "/v1/webhook-endpoints", {
      url: "http://127.0.0.1:9/owner",
    });
    const effects = (await owner.api("GET", "/v1/effects?status=done")).body.data as Json[];
    const attention = newId("att");
    await store.attention.raise({
      id: attention,
      kind: "stuck_processing",
      merchantId: owner.merchantId,
      paymentId: paid,
      detail: "isolation test",
      createdAt: new Date(),
      resolvedAt: null,
      resolution: null,
    });
    await store.shortCodes.upsert({
      id: `sc_${OWN_CODE}`,
      merchantId: owner.merchantId,
      shortCode: OWN_CODE,
      keyword: "PAY",
      amount: 300,
      currency: "EUR",
      country: "FR",
      transport: "sandbox",
    });
    ids = {
      paid,
      pending,
      notification: notification.body.id,
      endpoint: endpoint.body.id,
      effect: effects[0]?.id,
      attention,
    };
    for (const [name, id] of Object.entries(ids)) expect(id, name).toMatch(/\S/);
  });
  afterAll(() => smspay.close());

  type Attempt = {
    method: string;
    what: string;
    path: (i: Ids) => string;
    body?: (i: Ids) => Json;
  };
  const attempts: readonly Attempt[] = [
    { method: "GET", what: "payment", path: (i) => `/v1/payments/${i.paid}` },
    {
      method: "POST",
      what: "pending payment (cancel)",
      path: (i) => `/v1/payments/${i.pending}/cancel`,
    },
    { method: "GET", what: "timeline", path: (i) => `/v1/payments/${i.paid}/events` },
    { method: "GET", what: "refunds", path: (i) => `/v1/payments/${i.paid}/refunds` },
    {
      method: "POST",
      what: "payment (refund)",
      path: (i) => `/v1/payments/${i.paid}/refunds`,
      body: () => ({ amount: 100 }),
    },
    { method: "GET", what: "disputes", path: (i) => `/v1/payments/${i.paid}/disputes` },
    {
      method: "POST",
      what: "payment (dispute)",
      path: (i) => `/v1/payments/${i.paid}/disputes`,
      body: () => ({ reason: "chargeback", amount: 10 }),
    },
    { method: "GET", what: "notification", path: (i) => `/v1/notifications/${i.notification}` },
    {
      method: "POST",
      what: "payment (notification)",
      path: () => "/v1/notifications",
      body: (i) => ({ type: "order_confirmation", paymentId: i.paid, params: {} }),
    },
    {
      method: "DELETE",
      what: "webhook endpoint",
      path: (i) => `/v1/webhook-endpoints/${i.endpoint}`,
    },
    { method: "POST", what: "effect (replay)", path: (i) => `/v1/effects/${i.effect}/replay` },
    {
      method: "POST",
      what: "attention item (resolve)",
      path: (i) => `/v1/attention/${i.attention}/resolve`,
      body: () => ({}),
    },
    {
      method: "GET",
      what: "short code's publisher",
      path: () => `/v1/settings/publisher?shortCode=${OWN_CODE}`,
    },
    {
      method: "PUT",
      what: "short code's publisher",
      path: () => "/v1/settings/publisher",
      body: () => ({ name: "Stranger Ltd", contact: "x@stranger.example", shortCode: OWN_CODE }),
    },
  ];

  it.each(attempts)(
    "$method of another merchant's $what is 404",
    async ({ method, what, path, body }) => {
      const res = await stranger.api(method, path(ids), body?.(ids), {
        "idempotency-key": `stranger-${what.replace(/\W+/g, "-")}`,
      });
      expect(res.status).toBe(404);
      expect(res.type).toContain("application/problem+json");
      expect(res.body.code).toBe("not_found");
    },
  );

  it("leaves the owner's data as it was, and lists none of it to the stranger", async () => {
    expect((await owner.payment(ids.pending)).status).toBe("pending");
    expect((await owner.api("GET", `/v1/payments/${ids.paid}/refunds`)).body.data).toHaveLength(1);
    expect((await owner.api("GET", `/v1/payments/${ids.paid}/disputes`)).body.data).toHaveLength(1);
    expect((await owner.api("GET", "/v1/webhook-endpoints")).body.data).toEqual([
      expect.objectContaining({ id: ids.endpoint }),
    ]);
    expect((await owner.api("GET", "/v1/attention")).body.data).toEqual([
      expect.objectContaining({ id: ids.attention, resolvedAt: null }),
    ]);
    const ofStranger = await Promise.all(
      [
        "/v1/payments",
        "/v1/effects?status=done",
        "/v1/effects?status=pending",
        "/v1/attention",
        "/v1/webhook-endpoints",
      ].map(async (path) => JSON.stringify((await stranger.api("GET", path)).body)),
    );
    for (const listed of ofStranger) {
      for (const id of Object.values(ids)) expect(listed).not.toContain(id);
    }
  });
});
