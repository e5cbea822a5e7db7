// End to end over HTTP: a real smspay (Express, worker, sandbox operator) on
// PGlite and on PostgreSQL.

import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = Record<string, any>;

describe.each(testDatabases())("payments end to end on $kind", (factory) => {
  let smspay: RunningSmspay;
  let apiKey: string;
  let phoneSeq = 0;
  // Each test uses its own virtual phone so message logs do not mix.
  const newPhone = () => `+3361${String(1_000_000 + phoneSeq++ * 7919).padStart(7, "0")}`;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    ({ apiKey } = await smspay.merchant("Boulangerie Paul"));
  });
  afterAll(() => smspay.close());

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    key = apiKey,
  ) => {
    const res = await fetch(`${smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body: (text ? JSON.parse(text) : null) as Json,
      headers: res.headers,
    };
  };
  const sendSms = async (from: string, to: string, text: string, messageId?: string) => {
    const res = await fetch(`${smspay.baseUrl}/sandbox/sms`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from, to, text, ...(messageId ? { messageId } : {}) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const phoneMessages = async (phone: string) => {
    const res = await fetch(
      `${smspay.baseUrl}/sandbox/phones/${encodeURIComponent(phone)}/messages`,
    );
    return ((await res.json()) as { data: Json[] }).data;
  };
  /** Polls until `check` passes (the worker and receipts are asynchronous). */
  const eventually = async <T>(
    read: () => Promise<T>,
    check: (value: T) => boolean,
  ): Promise<T> => {
    for (let i = 0; i < 250; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    return read();
  };
  const settle = async (id: string) =>
    eventually(
      () => api("GET", `/v1/payments/${id}`),
      (r) => !["pending", "processing"].includes(r.body.status),
    );
  const order = (amount: number, extra: Json = {}) => ({
    amount,
    currency: "EUR",
    orderRef: `order-${Math.random().toString(36).slice(2)}`,
    returnUrl: "https://shop.example/thanks",
    ...extra,
  });

  it("pays a short-code payment with one SMS and shows its timeline", async () => {
    const created = await api("POST", "/v1/payments", order(450, { description: "2 croissants" }));
    expect(created.status).toBe(201);
    const payment = created.body;
    expect(payment).toMatchObject({
      status: "pending",
      amount: 450,
      currency: "EUR",
      flow: "shortcode",
      shortCode: "81450",
      keyword: "PAY",
    });
    expect(payment.reference).toMatch(/^\d{6}$/);
    expect(payment.smsText).toBe(`PAY ${payment.reference}`);
    expect(payment.checkoutUrl).toBe(`${smspay.baseUrl}/pay/${payment.id}`);
    expect(Date.parse(payment.expiresAt) - Date.parse(payment.createdAt)).toBe(15 * 60_000);

    const phone = newPhone();
    const mo = await sendSms(phone, payment.shortCode, ` pay-${payment.reference} `);
    expect(mo.status).toBe(202);
    const paid = await settle(payment.id);
    expect(paid.body.status).toBe("succeeded");
    expect(paid.body.customer.phoneLast4).toBe(phone.slice(-4));

    const messages = await phoneMessages(phone);
    expect(messages.map((m) => m.direction)).toEqual(["mo", "mt"]);
    expect(messages[1]).toMatchObject({
      from: "81450",
      to: phone,
      billedAmount: 450,
      currency: "EUR",
    });
    expect(messages[1]?.text).toContain("Boulangerie Paul");

    // The receipt may be recorded before the send is (a receipt can beat the
    // submit answer), so the MT's event is checked apart from the status changes.
    const events = await eventually(
      () => api("GET", `/v1/payments/${payment.id}/events`),
      (r) => r.body.data.some((e: Json) => e.type === "mt_sent"),
    );
    const types: string[] = events.body.data.map((e: Json) => e.type);
    expect(types.filter((t) => t !== "mt_sent")).toEqual(["created", "processing", "succeeded"]);
    expect(types.filter((t) => t === "mt_sent")).toHaveLength(1);
  });

  it("charges once when the operator delivers the same MO twice", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(200));
    const phone = newPhone();
    await Promise.all([
      sendSms(phone, payment.shortCode, payment.smsText, "dup-1"),
      sendSms(phone, payment.shortCode, payment.smsText, "dup-1"),
      sendSms(phone, payment.shortCode, payment.smsText, "dup-1"),
    ]);
    expect((await settle(payment.id)).body.status).toBe("succeeded");
    const billed = (await phoneMessages(phone)).filter((m) => m.billedAmount);
    expect(billed).toHaveLength(1);
  });

  it("answers a second, different SMS for a paid reference politely and charges nothing", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(99));
    const phone = newPhone();
    await sendSms(phone, payment.shortCode, payment.smsText);
    expect((await settle(payment.id)).body.status).toBe("succeeded");
    await sendSms(phone, payment.shortCode, payment.smsText);
    const messages = await eventually(
      () => phoneMessages(phone),
      (m) => m.length === 4,
    );
    expect(messages[3]?.text).toContain("already paid");
    expect(messages.filter((m) => m.billedAmount)).toHaveLength(1);
  });

  it("replies helpfully to an unknown reference and to STOP without touching payments", async () => {
    const phone = newPhone();
    await sendSms(phone, "81450", "PAY 000000");
    await sendSms(phone, "81450", "STOP");
    const messages = await eventually(
      () => phoneMessages(phone),
      (m) => m.length === 4,
    );
    expect(messages.filter((m) => m.direction === "mt").map((m) => m.text)).toEqual([
      expect.stringContaining("could not find payment 000000"),
      expect.stringContaining("no more messages"),
    ]);
    expect(messages.some((m) => m.billedAmount)).toBe(false);
  });

  it("expires a late payment instead of charging it", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(200));
    await smspay.smspay.db.prisma.payment.update({
      where: { id: payment.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const phone = newPhone();
    await sendSms(phone, payment.shortCode, payment.smsText);
    expect((await api("GET", `/v1/payments/${payment.id}`)).body.status).toBe("expired");
    const messages = await eventually(
      () => phoneMessages(phone),
      (m) => m.length === 2,
    );
    expect(messages[1]?.text).toContain("expired");
    expect(messages[1]?.billedAmount).toBeUndefined();
  });

  it("fails the payment when the phone has no credit (magic number)", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(450));
    await sendSms("+33600000001", payment.shortCode, payment.smsText);
    const settled = await settle(payment.id);
    expect(settled.body).toMatchObject({ status: "failed", failureCode: "insufficient_funds" });
  });

  it.each([
    ["+33600000002", "failed", "transport_error"],
    ["+33600000004", "failed", "undeliverable"],
  ])("settles the magic number %s as %s (%s)", async (phone, status, failureCode) => {
    const { body: payment } = await api("POST", "/v1/payments", order(200));
    await sendSms(phone, payment.shortCode, payment.smsText);
    expect((await settle(payment.id)).body).toMatchObject({ status, failureCode });
  });

  it("leaves a payment processing while its delivery receipt never comes (+33600000003)", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(200));
    await sendSms("+33600000003", payment.shortCode, payment.smsText);
    const events = await eventually(
      () => api("GET", `/v1/payments/${payment.id}/events`),
      (r) => r.body.data.some((e: Json) => e.type === "mt_sent"),
    );
    expect(events.body.data.map((e: Json) => e.type)).toContain("mt_sent");
    expect((await api("GET", `/v1/payments/${payment.id}`)).body.status).toBe("processing");
  });

  it("pays by carrier billing with a PIN when no short code carries the amount", async () => {
    const { body: payment } = await api(
      "POST",
      "/v1/payments",
      order(1234, { customer: { locale: "fr-FR" } }),
    );
    expect(payment).toMatchObject({ flow: "otp", amount: 1234 });
    expect(payment.smsText).toBeUndefined();
    const phone = newPhone();
    const pinUrl = `${smspay.baseUrl}/pay/${payment.id}/pin`;
    const post = (url: string, body: Json) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const sent = await post(pinUrl, { phone });
    expect(sent.status).toBe(200);
    const pinMessage = await eventually(
      () => phoneMessages(phone),
      (m) => m.length === 1,
    );
    const pin = /\b(\d{6})\b/.exec(pinMessage[0]?.text ?? "")?.[1] ?? "";
    expect(pinMessage[0]?.text).toContain("12,34");

    const wrong = await post(`${pinUrl}/verify`, { pin: pin === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: "pin_invalid" });
    const right = await post(`${pinUrl}/verify`, { pin });
    expect(right.status).toBe(200);
    const settled = await settle(payment.id);
    expect(settled.body.status).toBe("succeeded");
    const messages = await eventually(
      () => phoneMessages(phone),
      (m) => m.length === 2,
    );
    expect(messages[1]?.text).toContain("facture mobile");
    const events: string[] = (
      await eventually(
        () => api("GET", `/v1/payments/${payment.id}/events`),
        (r) => r.body.data.filter((e: Json) => e.type === "mt_sent").length === 2,
      )
    ).body.data.map((e: Json) => e.type);
    expect(events.filter((t) => t !== "mt_sent")).toEqual([
      "created",
      "pin_sent",
      "pin_rejected",
      "processing",
      "succeeded",
    ]);
    // The PIN and the receipt.
    expect(events.filter((t) => t === "mt_sent")).toHaveLength(2);
  });

  it("returns the same payment for the same Idempotency-Key, even when requests race", async () => {
    const body = order(450);
    const key = `idem-${Math.random()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api("POST", "/v1/payments", body, { "idempotency-key": key }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const conflict = await api(
      "POST",
      "/v1/payments",
      { ...body, amount: 200 },
      { "idempotency-key": key },
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe("idempotency_conflict");
  });

  it("rejects bad requests with problem+json naming the fields", async () => {
    const bad = await api("POST", "/v1/payments", {
      amount: 4.5,
      currency: "EURO",
      returnUrl: "javascript:alert(1)",
    });
    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/problem+json");
    expect(bad.body).toMatchObject({ status: 400, code: "invalid_request", title: "Bad Request" });
    expect(bad.body.fields.map((f: Json) => f.path).sort()).toEqual([
      "amount",
      "currency",
      "orderRef",
      "returnUrl",
    ]);

    const malformed = await fetch(`${smspay.baseUrl}/v1/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).code).toBe("invalid_request");

    const tooMuch = await api("POST", "/v1/payments", order(5001));
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe("limit_exceeded");
  });

  it("keeps merchants apart and requires a valid key", async () => {
    const { body: payment } = await api("POST", "/v1/payments", order(450));
    const other = await smspay.merchant("Other Shop");
    const peek = await api("GET", `/v1/payments/${payment.id}`, undefined, {}, other.apiKey);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe("not_found");
    expect(
      (await api("GET", `/v1/payments/${payment.id}/events`, undefined, {}, other.apiKey)).status,
    ).toBe(404);
    expect(
      (await api("POST", `/v1/payments/${payment.id}/cancel`, undefined, {}, other.apiKey)).status,
    ).toBe(404);
    const list = await api("GET", "/v1/payments", undefined, {}, other.apiKey);
    expect(list.body.data).toEqual([]);
    const anonymous = await api("GET", "/v1/payments", undefined, {}, "sk_wrong");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe("unauthorized");
  });

  it("lists payments newest first with a cursor and a status filter", async () => {
    const shop = await smspay.merchant("Lister");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api("POST", "/v1/payments", order(450), {}, shop.apiKey)).body.id);
    const first = await api("GET", "/v1/payments?limit=2", undefined, {}, shop.apiKey);
    expect(first.body.data.map((p: Json) => p.id)).toEqual([ids[4], ids[3]]);
    const second = await api(
      "GET",
      `/v1/payments?limit=2&cursor=${first.body.nextCursor}`,
      undefined,
      {},
      shop.apiKey,
    );
    expect(second.body.data.map((p: Json) => p.id)).toEqual([ids[2], ids[1]]);
    const third = await api(
      "GET",
      `/v1/payments?limit=2&cursor=${second.body.nextCursor}`,
      undefined,
      {},
      shop.apiKey,
    );
    expect(third.body.data.map((p: Json) => p.id)).toEqual([ids[0]]);
    expect(third.body.nextCursor).toBeNull();

    await api("POST", `/v1/payments/${ids[0]}/cancel`, undefined, {}, shop.apiKey);
    const canceled = await api("GET", "/v1/payments?status=canceled", undefined, {}, shop.apiKey);
    expect(canceled.body.data.map((p: Json) => p.id)).toEqual([ids[0]]);
    const again = await api("POST", `/v1/payments/${ids[0]}/cancel`, undefined, {}, shop.apiKey);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("invalid_state");
    expect((await api("GET", "/v1/payments?status=nope", undefined, {}, shop.apiKey)).status).toBe(
      400,
    );
    expect(
      (await api("GET", "/v1/payments?cursor=garbage", undefined, {}, shop.apiKey)).status,
    ).toBe(400);
  });

  it("never lets concurrent payments from one phone pass the monthly cap", async () => {
    const shop = await smspay.merchant("Capped");
    await smspay.smspay.db.prisma.merchant.update({
      where: { id: shop.merchantId },
      data: { limits: { EUR: { perTransaction: 5000, monthly: 1000 } } },
    });
    const payments = await Promise.all(
      Array.from(
        { length: 5 },
        async () => (await api("POST", "/v1/payments", order(450), {}, shop.apiKey)).body,
      ),
    );
    const phone = newPhone();
    await Promise.all(payments.map((p) => sendSms(phone, p.shortCode, p.smsText)));
    const settled = await Promise.all(
      payments.map((p) =>
        eventually(
          () => api("GET", `/v1/payments/${p.id}`, undefined, {}, shop.apiKey),
          (r) => r.body.status !== "processing",
        ),
      ),
    );
    const statuses = settled.map((r) => r.body.status).sort();
    expect(statuses).toEqual(["pending", "pending", "pending", "succeeded", "succeeded"]);
    const messages = await phoneMessages(phone);
    expect(messages.filter((m) => m.billedAmount)).toHaveLength(2);
  });

  it("answers /health and /ready", async () => {
    expect((await fetch(`${smspay.baseUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${smspay.baseUrl}/ready`);
    expect(await ready.json()).toEqual({ status: "ready" });
  });
});
