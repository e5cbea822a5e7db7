// Outward notifications end to end: a real smspay (HTTP, worker, sandbox)
// calling real HTTP endpoints on 127.0.0.1, on PGlite and on PostgreSQL.

import {
  emitPaymentEvent,
  type PlatformAdapter,
  type PlatformPayment,
  type PlatformRefund,
  SmspayError,
  transition,
  verifySmspaySignature,
} from "@smspay/core";
import { startWebhookReceiver, testDatabases, type WebhookReceiver } from "@smspay/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

/** A strict fake WooCommerce adapter: records what smspay told it; fails on demand. */
class FakePlatform implements PlatformAdapter {
  readonly platform = "woocommerce" as const;
  readonly calls: {
    merchantId: string;
    call: string;
    payment: PlatformPayment;
    extra?: unknown;
  }[] = [];
  failures = 0;

  forMerchant(merchantId: string): PlatformAdapter {
    const record = async (call: string, payment: PlatformPayment, extra?: unknown) => {
      if (this.failures > 0) {
        this.failures--;
        throw new SmspayError("platform_error", "shop answered 503", { retryable: true });
      }
      this.calls.push({ merchantId, call, payment, ...(extra === undefined ? {} : { extra }) });
    };
    return {
      platform: "woocommerce",
      notifyPaid: ({ payment }) => record("paid", payment),
      notifyFailed: ({ payment, reason }) => record("failed", payment, reason),
      notifyRefunded: ({ payment, refund }: { payment: PlatformPayment; refund: PlatformRefund }) =>
        record("refunded", payment, refund),
      orderState: () => Promise.resolve("awaiting_payment"),
    };
  }

  notifyPaid(): Promise<void> {
    throw new Error("use forMerchant");
  }
  notifyFailed(): Promise<void> {
    throw new Error("use forMerchant");
  }
  notifyRefunded(): Promise<void> {
    throw new Error("use forMerchant");
  }
  orderState(): Promise<"awaiting_payment"> {
    throw new Error("use forMerchant");
  }
}

const wooConfig = z
  .object({
    siteUrl: z.url(),
    consumerKey: z.string().startsWith("ck_"),
    consumerSecret: z.string().startsWith("cs_"),
  })
  .strict();

describe.each(testDatabases())("webhooks and platform notifications on $kind", (factory) => {
  let smspay: RunningSmspay;
  let receiver: WebhookReceiver;
  let shopA: { merchantId: string; apiKey: string };
  let shopB: { merchantId: string; apiKey: string };
  const platform = new FakePlatform();
  let phoneSeq = 0;
  const newPhone = () => `+3361${String(2_000_000 + phoneSeq++ * 7919).padStart(7, "0")}`;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    smspay = await startSmspay({
      db: (await factory.open()).db,
      config: { webhookTimeoutMs: 1_000, outboundTimeoutMs: 1_000, effectLeaseMs: 5_000 },
    });
    smspay.smspay.platforms.registerPlatform("woocommerce", (config, deps) => {
      wooConfig.parse(config);
      return platform.forMerchant(deps.merchantId);
    });
  });
  // Every test starts with two new merchants: nothing of an earlier test's shows up.
  beforeEach(async () => {
    shopA = await smspay.merchant("Boulangerie Paul");
    shopB = await smspay.merchant("Fromagerie Anne");
  });
  afterAll(async () => {
    await smspay.close();
    await receiver.close();
  });

  const api = async (method: string, path: string, body?: unknown, key = shopA.apiKey) => {
    const res = await fetch(`${smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body: (text ? JSON.parse(text) : null) as Json,
    };
  };
  /** Polls until `check` passes (the worker is asynchronous). */
  const eventually = async <T>(read: () => Promise<T> | T, check: (value: T) => boolean) => {
    for (let i = 0; i < 300; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    return read();
  };
  const order = (amount: number) => ({
    amount,
    currency: "EUR",
    orderRef: `order-${Math.random().toString(36).slice(2)}`,
    returnUrl: "https://shop.example/thanks",
  });
  const createPayment = async (key = shopA.apiKey, amount = 450) => {
    const created = await api("POST", "/v1/payments", order(amount), key);
    expect(created.status).toBe(201);
    return created.body;
  };
  const pay = async (payment: Json, phone = newPhone()) => {
    const res = await fetch(`${smspay.baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: phone, to: payment.shortCode, text: payment.smsText }),
    });
    expect(res.status).toBe(202);
    const settled = await eventually(
      () => api("GET", `/v1/payments/${payment.id}`),
      (r) => !["pending", "processing"].includes(r.body.status),
    );
    return settled.body;
  };
  const addEndpoint = async (path: string, events?: string[], key = shopA.apiKey) => {
    const res = await api(
      "POST",
      "/v1/webhook-endpoints",
      { url: receiver.url(path), ...(events ? { events } : {}) },
      key,
    );
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; events: string[] };
  };
  /** The payment as the API lists it (GET /v1/payments/{id} adds the money breakdown). */
  const listed = async (paymentId: string) => {
    const page = await api("GET", "/v1/payments?limit=100");
    return page.body.data.find((p: Json) => p.id === paymentId);
  };
  const bodies = (path: string) => receiver.received(path).map((r) => JSON.parse(r.rawBody));
  const effects = (status: string, key = shopA.apiKey) =>
    api("GET", `/v1/effects?status=${status}`, undefined, key);

  describe("webhook endpoints API", () => {
    it("creates an endpoint with a secret shown once, lists it without, deletes it", async () => {
      const created = await api("POST", "/v1/webhook-endpoints", {
        url: "https://shop.example/hooks",
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.stringMatching(/^we_/),
        url: "https://shop.example/hooks",
        events: [
          "payment.succeeded",
          "payment.failed",
          "payment.expired",
          "payment.canceled",
          "payment.refunded",
          "payment.partially_refunded",
          "payment.disputed",
        ],
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
        createdAt: expect.any(String),
      });
      const listed = await api("GET", "/v1/webhook-endpoints");
      const { secret: _secret, ...shown } = created.body;
      expect(listed.body.data).toContainEqual(shown);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

      // Stored sealed: the secret is nowhere in the row.
      const rows = await smspay.smspay.db.prisma.$queryRaw<{ secret_cipher: string }[]>`
        SELECT secret_cipher FROM webhook_endpoints WHERE id = ${created.body.id}`;
      expect(rows[0]?.secret_cipher).not.toContain(created.body.secret.slice(6));

      expect((await api("DELETE", `/v1/webhook-endpoints/${created.body.id}`)).status).toBe(204);
      expect((await api("GET", "/v1/webhook-endpoints")).body.data).not.toContainEqual(shown);
      const again = await api("DELETE", `/v1/webhook-endpoints/${created.body.id}`);
      expect(again).toMatchObject({
        status: 404,
        type: expect.stringContaining("application/problem+json"),
      });
      expect(again.body.code).toBe("not_found");
    });

    it("keeps merchants apart: another merchant's endpoint is 404 and never listed", async () => {
      const theirs = await addEndpoint("/isolation", ["payment.disputed"], shopB.apiKey);
      expect((await api("GET", "/v1/webhook-endpoints")).body.data).not.toContainEqual(
        expect.objectContaining({ id: theirs.id }),
      );
      const attempt = await api("DELETE", `/v1/webhook-endpoints/${theirs.id}`);
      expect(attempt.status).toBe(404);
      expect(
        (await api("GET", "/v1/webhook-endpoints", undefined, shopB.apiKey)).body.data,
      ).toEqual([expect.objectContaining({ id: theirs.id, events: ["payment.disputed"] })]);
    });

    it("refuses what is not an http(s) URL or a known event, naming the field, and stores nothing", async () => {
      const before = (await api("GET", "/v1/webhook-endpoints")).body.data;
      for (const [body, field] of [
        [{ url: "ftp://shop.example/hooks" }, "url"],
        [{ url: "not a url" }, "url"],
        [{}, "url"],
        [{ url: "https://shop.example/h", events: ["payment.shipped"] }, "events.0"],
        [{ url: "https://shop.example/h", events: [] }, "events"],
        [{ url: "https://shop.example/h", events: ["payment.failed", "payment.failed"] }, "events"],
        [{ url: "https://shop.example/h", secret: "mine" }, "secret"],
      ] as const) {
        const res = await api("POST", "/v1/webhook-endpoints", body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.type).toContain("application/problem+json");
        expect(res.body.code).toBe("invalid_request");
        expect(res.body.fields.map((f: Json) => f.path)).toContain(field);
      }
      expect((await api("GET", "/v1/webhook-endpoints")).body.data).toEqual(before);
    });
  });

  describe("deliveries", () => {
    it("signs and delivers payment.succeeded with the payment exactly as the API shows it", async () => {
      const hook = await addEndpoint("/paid");
      const failuresOnly = await addEndpoint("/failures-only", ["payment.failed"]);
      const othersHook = await addEndpoint("/other-merchant", undefined, shopB.apiKey);
      const payment = await createPayment();
      const paid = await pay(payment);
      expect(paid.status).toBe("succeeded");

      const [delivery] = await eventually(
        () => receiver.received("/paid"),
        (r) => r.length >= 1,
      );
      expect(delivery).toBeDefined();
      if (!delivery) return;
      const signature = String(delivery.headers["smspay-signature"]);
      expect(verifySmspaySignature(hook.secret, signature, delivery.rawBody, new Date())).toBe(
        true,
      );
      expect(
        verifySmspaySignature(othersHook.secret, signature, delivery.rawBody, new Date()),
      ).toBe(false);
      const body = JSON.parse(delivery.rawBody);
      expect(body).toEqual({
        id: expect.stringMatching(/^evt_/),
        type: "payment.succeeded",
        createdAt: paid.succeededAt,
        data: { payment: await listed(payment.id) },
      });
      expect(body.data.payment).toMatchObject({ id: payment.id, status: "succeeded" });
      expect(delivery.headers["smspay-event-id"]).toBe(body.id);
      expect(delivery.headers["smspay-event-type"]).toBe("payment.succeeded");
      expect(delivery.headers["content-type"]).toBe("application/json");

      // Only subscribers of the merchant hear of it.
      expect(failuresOnly.events).toEqual(["payment.failed"]);
      expect(receiver.received("/failures-only")).toEqual([]);
      expect(receiver.received("/other-merchant")).toEqual([]);
      const done = await eventually(
        () => effects("done"),
        (r) =>
          r.body.data.some((e: Json) => e.paymentId === payment.id && e.kind === "deliver_webhook"),
      );
      expect(done.body.data.filter((e: Json) => e.paymentId === payment.id)).toContainEqual(
        expect.objectContaining({
          kind: "deliver_webhook",
          status: "done",
          attempts: 1,
          lastError: null,
        }),
      );
    });

    it("announces failed, canceled and expired payments", async () => {
      await addEndpoint("/outcomes", ["payment.failed", "payment.canceled", "payment.expired"]);
      const failing = await createPayment();
      expect((await pay(failing, "+33600000001")).status).toBe("failed");
      const canceled = await createPayment();
      expect((await api("POST", `/v1/payments/${canceled.id}/cancel`)).status).toBe(200);
      const expiring = await createPayment();
      await smspay.smspay.db.prisma.$executeRaw`
        UPDATE payments SET expires_at = now() - interval '1 second' WHERE id = ${expiring.id}`;
      await smspay.smspay.payments.expireDue();

      const seen = await eventually(
        () => bodies("/outcomes"),
        (b) => b.length >= 3,
      );
      expect(seen.map((b) => [b.type, b.data.payment.id]).sort()).toEqual(
        [
          ["payment.failed", failing.id],
          ["payment.canceled", canceled.id],
          ["payment.expired", expiring.id],
        ].sort(),
      );
      const failed = seen.find((b) => b.type === "payment.failed");
      expect(failed?.data.payment).toMatchObject({
        status: "failed",
        failureCode: "insufficient_funds",
      });
    });

    it("retries an endpoint that fails, with the same event id and body, until it answers 2xx", async () => {
      await addEndpoint("/flaky", ["payment.succeeded"]);
      receiver.answer("/flaky", 500);
      const payment = await createPayment();
      await pay(payment);
      await eventually(
        () => receiver.received("/flaky"),
        (r) => r.length >= 2,
      );
      receiver.answer("/flaky", 204);
      const deliveries = await eventually(
        () => receiver.received("/flaky"),
        (r) => r.length >= 3,
      );
      expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(1);
      expect(new Set(deliveries.map((d) => d.rawBody)).size).toBe(1);
      const done = await eventually(
        () => effects("done"),
        (r) =>
          r.body.data.some((e: Json) => e.paymentId === payment.id && e.kind === "deliver_webhook"),
      );
      const effect = done.body.data.find(
        (e: Json) => e.paymentId === payment.id && e.kind === "deliver_webhook",
      );
      expect(effect).toMatchObject({ attempts: 3, lastError: "the endpoint answered HTTP 500" });
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received("/flaky")).toHaveLength(3);
    });

    it("times out an endpoint that does not answer and tries again", async () => {
      await addEndpoint("/hung", ["payment.succeeded"]);
      receiver.answer("/hung", "stall");
      const payment = await createPayment();
      await pay(payment);
      await eventually(
        () => api("GET", `/v1/effects?status=pending`),
        (r) =>
          r.body.data.some(
            (e: Json) =>
              e.paymentId === payment.id && /no answer within 1 s/.test(e.lastError ?? ""),
          ),
      );
      receiver.answer("/hung", 200);
      await eventually(
        () => effects("done"),
        (r) =>
          r.body.data.some((e: Json) => e.paymentId === payment.id && e.kind === "deliver_webhook"),
      );
      expect(receiver.deliveriesByEvent("/hung").size).toBe(1);
    });

    it("delivers nothing more to a deleted endpoint, queued retries included", async () => {
      const hook = await addEndpoint("/deleted", ["payment.succeeded"]);
      receiver.answer("/deleted", 503);
      const payment = await createPayment();
      await pay(payment);
      await eventually(
        () => receiver.received("/deleted"),
        (r) => r.length >= 1,
      );
      expect((await api("DELETE", `/v1/webhook-endpoints/${hook.id}`)).status).toBe(204);
      const done = await eventually(
        () => effects("done"),
        (r) =>
          r.body.data.some((e: Json) => e.paymentId === payment.id && e.kind === "deliver_webhook"),
      );
      expect(done.body.data.find((e: Json) => e.paymentId === payment.id)).toMatchObject({
        attempts: 2,
      });
      expect(receiver.received("/deleted")).toHaveLength(1);
    });

    it("writes no event and queues nothing when the change is rolled back", async () => {
      await addEndpoint("/rollback", ["payment.canceled"]);
      const payment = await createPayment();
      const { store } = smspay.smspay.deps;
      await expect(
        store.transaction(async (tx) => {
          const locked = await tx.payments.lock(payment.id);
          if (!locked) throw new Error("no payment");
          await transition(tx, locked, "canceled", { at: new Date() });
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      const rows = await smspay.smspay.db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM webhook_events WHERE payment_id = ${payment.id}`;
      expect(rows[0]?.n).toBe(0);
      expect((await api("GET", `/v1/payments/${payment.id}`)).body.status).toBe("pending");
      await new Promise((r) => setTimeout(r, 300));
      expect(receiver.received("/rollback")).toEqual([]);
    });
  });

  describe("dead letters", () => {
    it("lists a dead delivery for its merchant only, and replays it once fixed", async () => {
      const hook = await addEndpoint("/down", ["payment.succeeded"]);
      receiver.answer("/down", 503);
      const payment = await createPayment();
      await pay(payment);
      await eventually(
        () => receiver.received("/down"),
        (r) => r.length >= 1,
      );
      // Skip a day of backoff: the next failure is the last one allowed.
      await smspay.smspay.db.prisma.$executeRaw`
        UPDATE effects SET attempts = 27, next_attempt_at = now()
        WHERE payment_id = ${payment.id} AND kind = 'deliver_webhook' AND status = 'pending'`;
      const dead = await eventually(
        () => effects("dead"),
        (r) => r.body.data.some((e: Json) => e.paymentId === payment.id),
      );
      const letter = dead.body.data.find((e: Json) => e.paymentId === payment.id);
      expect(letter).toEqual({
        id: expect.stringMatching(/^eff_/),
        kind: "deliver_webhook",
        payload: { eventId: expect.stringMatching(/^evt_/), endpointId: hook.id },
        status: "dead",
        attempts: 28,
        lastError: "the endpoint answered HTTP 503",
        paymentId: payment.id,
        createdAt: expect.any(String),
        nextAttemptAt: null,
        doneAt: expect.any(String),
      });
      expect((await effects("dead", shopB.apiKey)).body.data).not.toContainEqual(
        expect.objectContaining({ id: letter.id }),
      );
      const foreign = await api("POST", `/v1/effects/${letter.id}/replay`, undefined, shopB.apiKey);
      expect(foreign.status).toBe(404);

      const delivered = receiver.received("/down").length;
      receiver.answer("/down", 200);
      const replayed = await api("POST", `/v1/effects/${letter.id}/replay`);
      expect(replayed.status).toBe(200);
      expect(replayed.body).toMatchObject({ id: letter.id, status: "pending", attempts: 0 });
      await eventually(
        () => receiver.received("/down"),
        (r) => r.length > delivered,
      );
      const done = await eventually(
        () => effects("done"),
        (r) => r.body.data.some((e: Json) => e.id === letter.id),
      );
      expect(done.body.data.find((e: Json) => e.id === letter.id)).toMatchObject({ attempts: 1 });
      expect(receiver.deliveriesByEvent("/down").size).toBe(1);

      const twice = await api("POST", `/v1/effects/${letter.id}/replay`);
      expect(twice).toMatchObject({
        status: 409,
        type: expect.stringContaining("application/problem+json"),
      });
      expect(twice.body.code).toBe("invalid_state");
    });

    it("shows a dead SMS to its merchant but leaves its replay to the operator", async () => {
      const payment = await createPayment();
      // The operator rejects the billed MT: the payment fails, the send is a dead letter.
      expect((await pay(payment, "+33600000002")).status).toBe("failed");
      const dead = await effects("dead");
      const letter = dead.body.data.find(
        (e: Json) => e.paymentId === payment.id && e.kind === "send_mt",
      );
      expect(letter).toMatchObject({ status: "dead", lastError: expect.any(String) });
      const replay = await api("POST", `/v1/effects/${letter.id}/replay`);
      expect(replay.status).toBe(409);
      expect(replay.body.code).toBe("invalid_state");
      expect(await smspay.smspay.deadLetters.replay({ id: letter.id })).toMatchObject({
        status: "pending",
      });
      // Replayed by the operator, the billed MT still does not bill a failed payment.
      await eventually(
        () => smspay.smspay.deps.store.effects.get({ id: letter.id }),
        (e) => e?.status === "done",
      );
      const billed = await smspay.smspay.db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM sandbox_messages m JOIN outbound_messages o ON o.id = m.id
        WHERE o.payment_id = ${payment.id} AND m.billed_amount IS NOT NULL`;
      expect(billed[0]?.n).toBe(0);
    });

    it("answers 400 for an unknown status filter", async () => {
      const res = await effects("buried");
      expect(res).toMatchObject({
        status: 400,
        type: expect.stringContaining("application/problem+json"),
      });
      expect(res.body.fields.map((f: Json) => f.path)).toEqual(["status"]);
    });
  });

  describe("platform connection", () => {
    const config = {
      siteUrl: "https://boulangerie.example",
      consumerKey: "ck_0123456789abcdef",
      consumerSecret: "cs_fedcba9876543210",
    };

    it("refuses a config the platform's factory rejects, or a platform not available here", async () => {
      const bad = await api("PUT", "/v1/platform-connection", {
        platform: "woocommerce",
        config: { ...config, consumerSecret: "oops" },
      });
      expect(bad).toMatchObject({
        status: 400,
        type: expect.stringContaining("application/problem+json"),
      });
      expect(bad.body.fields).toEqual([
        { path: "config.consumerSecret", message: expect.any(String) },
      ]);
      const unknown = await api("PUT", "/v1/platform-connection", {
        platform: "prestashop",
        config,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.fields.map((f: Json) => f.path)).toEqual(["platform"]);
      expect((await api("GET", "/v1/platform-connection")).status).toBe(404);
    });

    const connect = () =>
      api("PUT", "/v1/platform-connection", { platform: "woocommerce", config });
    const callsOf = (merchantId: string) =>
      platform.calls.filter((c) => c.merchantId === merchantId);

    it("connects a shop, shows its config without credentials, and notifies it of outcomes", async () => {
      const put = await connect();
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        platform: "woocommerce",
        config: {
          siteUrl: "https://boulangerie.example",
          consumerKey: "••••cdef",
          consumerSecret: "••••3210",
        },
        active: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect((await api("GET", "/v1/platform-connection")).body).toEqual(put.body);
      const rows = await smspay.smspay.db.prisma.$queryRaw<{ config_cipher: string }[]>`
        SELECT config_cipher FROM platform_connections WHERE merchant_id = ${shopA.merchantId}`;
      expect(rows[0]?.config_cipher).not.toContain("cs_");
      expect(rows[0]?.config_cipher).not.toContain("boulangerie");

      platform.failures = 1; // the shop is briefly down: the outbox retries
      const paid = await pay(await createPayment());
      const canceled = await createPayment();
      await api("POST", `/v1/payments/${canceled.id}/cancel`);
      const othersPayment = await pay(await createPayment(shopB.apiKey), newPhone());

      const calls = await eventually(
        () => callsOf(shopA.merchantId),
        (c) => c.length >= 2,
      );
      // The paid notice failed once and came later: notices are not ordered across payments.
      expect(calls).toHaveLength(2);
      expect(calls).toEqual(
        expect.arrayContaining([
          {
            merchantId: shopA.merchantId,
            call: "paid",
            payment: {
              id: paid.id,
              orderRef: paid.orderRef,
              amount: 450,
              currency: "EUR",
              reference: paid.reference,
              failureCode: null,
              test: false,
            },
          },
          {
            merchantId: shopA.merchantId,
            call: "failed",
            payment: expect.objectContaining({ id: canceled.id }),
            extra: "canceled",
          },
        ]),
      );
      expect(platform.calls.some((c) => c.payment.id === othersPayment.id)).toBe(false);
    });

    it("tells the shop and the webhooks of a refund and a dispute with what they carry", async () => {
      await connect();
      const hook = await addEndpoint("/money", ["payment.partially_refunded", "payment.disputed"]);
      const paid = await pay(await createPayment());
      await eventually(
        () => platform.calls,
        (c) => c.some((x) => x.payment.id === paid.id),
      );
      const refund = {
        id: "re_test_1",
        paymentId: paid.id,
        amount: 150,
        currency: "EUR",
        status: "succeeded",
        method: "phone_credit",
        reason: "one croissant was missing",
        createdAt: new Date().toISOString(),
      };
      const { store } = smspay.smspay.deps;
      await store.transaction(async (tx) => {
        const locked = await tx.payments.lock(paid.id);
        if (!locked) throw new Error("no payment");
        const at = new Date();
        await transition(tx, locked, "partially_refunded", {
          at,
          changes: { refundedAmount: 150 },
          refund,
        });
        await emitPaymentEvent(tx, {
          type: "payment.disputed",
          payment: { ...locked, status: "partially_refunded", refundedAmount: 150, updatedAt: at },
          at,
          dispute: { reason: "customer says it was not them" },
        });
      });
      smspay.smspay.worker.wake();
      const seen = await eventually(
        () => bodies("/money"),
        (b) => b.length >= 2,
      );
      const refunded = seen.find((b) => b.type === "payment.partially_refunded");
      expect(refunded?.data.refund).toEqual(refund);
      expect(refunded?.data.payment).toEqual(await listed(paid.id));
      expect(refunded?.data.payment).toMatchObject({
        status: "partially_refunded",
        refundedAmount: 150,
      });
      expect(seen.find((b) => b.type === "payment.disputed")?.data.dispute).toEqual({
        reason: "customer says it was not them",
      });
      expect(hook.events).toEqual(["payment.partially_refunded", "payment.disputed"]);
      const calls = await eventually(
        () => platform.calls.filter((c) => c.payment.id === paid.id),
        (c) => c.length >= 2,
      );
      expect(calls.map((c) => [c.call, c.extra])).toEqual([
        ["paid", undefined],
        [
          "refunded",
          { id: "re_test_1", amount: 150, currency: "EUR", reason: "one croissant was missing" },
        ],
      ]);
    });

    it("stops notifying once disconnected", async () => {
      await connect();
      expect((await api("DELETE", "/v1/platform-connection")).status).toBe(204);
      expect((await api("GET", "/v1/platform-connection")).status).toBe(404);
      expect((await api("DELETE", "/v1/platform-connection")).status).toBe(404);
      const paid = await pay(await createPayment());
      expect(paid.status).toBe("succeeded");
      // Notices are queued with the change itself: none queued means none will come.
      const queued = await Promise.all(["pending", "done", "dead"].map((s) => effects(s)));
      const kinds = queued.flatMap((r) => r.body.data).filter((e: Json) => e.paymentId === paid.id);
      expect(kinds.map((e: Json) => e.kind)).not.toContain("notify_platform");
      expect(kinds.map((e: Json) => e.kind)).toContain("send_mt");
    });
  });
});
