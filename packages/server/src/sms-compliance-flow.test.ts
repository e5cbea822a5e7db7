// Keywords, notifications and the OTP abuse guard end to end over HTTP: a
// real smspay (Express, worker, sandbox operator) on PGlite and PostgreSQL,
// customers writing to short codes, shops calling the merchant API.

import { randomBytes } from "node:crypto";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely; assertions pin them.
type Json = Record<string, any>;

describe.each(testDatabases())("SMS compliance end to end on $kind", (factory) => {
  let smspay: RunningSmspay;
  let apiKey: string;
  let merchantId: string;
  let seq = 0;
  // Every test texts from its own phones and its own client address.
  const newPhone = () =>
    `+3361${String(2_000_000 + seq++ * 7_919 + (randomBytes(2).readUInt16BE() % 997)).padStart(7, "0")}`;
  const newIp = () => `198.51.100.${(seq++ % 250) + 1}`;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    ({ apiKey, merchantId } = await smspay.merchant("Épicerie Margaux"));
  });
  afterAll(() => smspay.close());

  const url = (path: string) => `${smspay.baseUrl}${path}`;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      headers: res.headers,
      body: (text ? JSON.parse(text) : null) as Json,
    };
  };
  const api = (method: string, path: string, body?: unknown, headers = {}, key = apiKey) =>
    call(method, path, body, { authorization: `Bearer ${key}`, ...headers });
  const sendSms = async (from: string, to: string, text: string) => {
    const res = await call("POST", "/sandbox/sms", { from, to, text });
    expect(res.status).toBe(202);
  };
  const messagesOf = async (phone: string): Promise<Json[]> =>
    (await call("GET", `/sandbox/phones/${encodeURIComponent(phone)}/messages`)).body.data;
  const eventually = async <T>(read: () => Promise<T>, check: (v: T) => boolean): Promise<T> => {
    for (let i = 0; i < 250; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    return read();
  };
  /** The MTs the phone received, once there are `count` of them. */
  const received = async (phone: string, count: number) =>
    (
      await eventually(
        () => messagesOf(phone),
        (m) => m.filter((x) => x.direction === "mt").length >= count,
      )
    ).filter((m) => m.direction === "mt");
  const createPayment = async (amount: number, extra: Json = {}) => {
    const res = await api("POST", "/v1/payments", {
      amount,
      currency: "EUR",
      orderRef: `order-${randomBytes(4).toString("hex")}`,
      returnUrl: "https://shop.example/thanks",
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const payBySms = async (phone: string) => {
    const payment = await createPayment(450);
    await sendSms(phone, payment.shortCode, `PAY ${payment.reference}`);
    const paid = await eventually(
      () => api("GET", `/v1/payments/${payment.id}`),
      (r) => r.body.status === "succeeded",
    );
    expect(paid.body.status).toBe("succeeded");
    return payment;
  };
  const requestPin = (paymentId: string, phone: string, ip = newIp()) =>
    call("POST", `/pay/${paymentId}/pin`, { phone }, { "x-forwarded-for": ip });

  describe("keywords", () => {
    it("answers HELP with the operator's identity, how to pay and the code's price", async () => {
      const phone = newPhone();
      await sendSms(phone, "81450", "help");
      const [reply] = await received(phone, 1);
      expect(reply?.from).toBe("81450");
      expect(reply?.text).toContain("smspay");
      expect(reply?.text).toContain("support@smspay.example");
      expect(reply?.text).toContain("€4.50");
      expect(reply?.text).toContain("STOP");
    });

    it("answers AIDE and CONTACT in the publisher's words", async () => {
      const phone = newPhone();
      await sendSms(phone, "71099", "CONTACT");
      const [contact] = await received(phone, 1);
      expect(contact?.text).toBe("smspay. Contact: support@smspay.example");
      await sendSms(phone, "71099", "Aide");
      const [, help] = await received(phone, 2);
      expect(help?.text).toContain("€0.99");
    });

    it("names the merchant's publisher identity on the merchant's own short code", async () => {
      const code = String(82_000 + (seq++ % 900));
      await smspay.smspay.deps.store.shortCodes.upsert({
        id: `sc_${code}`,
        merchantId,
        shortCode: code,
        keyword: "BUY",
        amount: 300,
        currency: "EUR",
        country: "FR",
        transport: "sandbox",
      });
      const identity = { name: "Margaux SAS", contact: "+33 1 84 88 00 00" };
      const put = await api("PUT", "/v1/settings/publisher", identity);
      expect(put).toMatchObject({ status: 200, body: { publisher: identity } });
      expect((await api("GET", "/v1/settings/publisher")).body.publisher).toEqual(identity);
      const phone = newPhone();
      await sendSms(phone, code, "CONTACT");
      const [reply] = await received(phone, 1);
      expect(reply?.text).toBe("Margaux SAS. Contact: +33 1 84 88 00 00");
      // One of its codes may name another brand; a shared code is not the merchant's to name.
      const brand = { name: "Margaux Jeux", contact: "jeux@margaux.example", shortCode: code };
      expect((await api("PUT", "/v1/settings/publisher", brand)).status).toBe(200);
      const ofCode = await api("GET", `/v1/settings/publisher?shortCode=${code}`);
      expect(ofCode.body.publisher).toEqual({
        name: "Margaux Jeux",
        contact: "jeux@margaux.example",
      });
      await sendSms(phone, code, "CONTACT");
      expect((await received(phone, 2))[1]?.text).toBe(
        "Margaux Jeux. Contact: jeux@margaux.example",
      );
      const shared = await api("PUT", "/v1/settings/publisher", { ...brand, shortCode: "81450" });
      expect(shared.status).toBe(404);
      expect(shared.body.code).toBe("not_found");
    });

    it("refuses an identity that cannot go into an SMS line, changing nothing", async () => {
      const before = (await api("GET", "/v1/settings/publisher")).body;
      const res = await api("PUT", "/v1/settings/publisher", { name: "A\nB", contact: "" });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_request");
      expect((await api("GET", "/v1/settings/publisher")).body).toEqual(before);
    });

    it("confirms STOP once without promotion, then answers only the phone's own MOs", async () => {
      const phone = newPhone();
      const paid = await payBySms(phone);
      const before = (await received(phone, 1)).length;
      await sendSms(phone, "81450", "STOP");
      const afterStop = await received(phone, before + 1);
      expect(afterStop.at(-1)).toMatchObject({
        from: "81450",
        text: "You will receive no more messages from this service. Send START to opt back in.",
      });
      const refused = await api("POST", "/v1/notifications", {
        type: "order_confirmation",
        paymentId: paid.id,
      });
      expect(refused.status).toBe(422);
      expect(refused.type).toContain("application/problem+json");
      expect(refused.body.code).toBe("phone_opted_out");
      // A new MO from the phone still gets its answer (and pays).
      await payBySms(phone);
      expect((await received(phone, before + 2)).at(-1)?.billedAmount).toBe(450);
    });

    it("opts back in on START", async () => {
      const phone = newPhone();
      const paid = await payBySms(phone);
      await sendSms(phone, "81450", "ARRÊT");
      await sendSms(phone, "81450", "start");
      const replies = await received(phone, 3);
      expect(replies.at(-1)?.text).toBe("You have opted back in to messages from this service.");
      const res = await api("POST", "/v1/notifications", {
        type: "order_confirmation",
        paymentId: paid.id,
      });
      expect(res.status).toBe(202);
    });

    it("drops an unsolicited MT queued before the phone sent STOP", async () => {
      const phone = newPhone();
      const payment = await createPayment(1234, { customer: { phone } });
      await smspay.smspay.worker.stop();
      try {
        const reminder = await api("POST", "/v1/notifications", {
          type: "payment_reminder",
          paymentId: payment.id,
        });
        expect(reminder.status).toBe(202);
        await sendSms(phone, "38100", "STOPALL");
        await smspay.smspay.worker.drain();
      } finally {
        smspay.smspay.worker.start();
      }
      const mts = await received(phone, 1);
      expect(mts.map((m) => m.text)).toEqual([
        "You will receive no more messages from this service. Send START to opt back in.",
      ]);
      const events = (await api("GET", `/v1/payments/${payment.id}/events`)).body.data as Json[];
      expect(events.map((e) => e.type)).toContain("mt_suppressed");
    });
  });

  describe("notifications", () => {
    it("texts an order confirmation to a customer who paid by SMS, and tracks its delivery", async () => {
      const phone = newPhone();
      const paid = await payBySms(phone);
      const res = await api("POST", "/v1/notifications", {
        type: "order_confirmation",
        paymentId: paid.id,
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        type: "order_confirmation",
        status: "queued",
        paymentId: paid.id,
        orderRef: paid.orderRef,
        phoneLast4: phone.slice(-4),
      });
      expect(res.body.id).toMatch(/^ntf_/);
      const mts = await received(phone, 2);
      expect(mts.at(-1)).toMatchObject({
        from: "38100",
        text: `Épicerie Margaux: thank you, your order ${paid.orderRef} is confirmed.`,
      });
      expect(mts.at(-1)?.billedAmount).toBeUndefined();
      const tracked = await eventually(
        () => api("GET", `/v1/notifications/${res.body.id}`),
        (r) => r.body.status === "delivered",
      );
      expect(tracked.body.status).toBe("delivered");
    });

    it("texts a shipping update to a number the shop gives with the customer's consent, in their language", async () => {
      const phone = newPhone();
      const res = await api("POST", "/v1/notifications", {
        type: "shipping_update",
        phone,
        orderRef: "A-2042",
        locale: "fr-FR",
        consent: { givenAt: "2026-11-20T10:00:00Z", method: "unticked checkbox at checkout" },
        params: { carrier: "Colissimo", tracking: "6A12345678901" },
      });
      expect(res.status).toBe(202);
      const [mt] = await received(phone, 1);
      expect(mt?.text).toBe(
        "Épicerie Margaux : votre commande A-2042 a été expédiée par Colissimo. Suivi : 6A12345678901",
      );
    });

    it.each([
      ["a number without consent", (phone: string) => ({ phone, orderRef: "A-1" })],
      ["an order not paid by SMS", () => ({ paymentId: "" })],
    ])("refuses %s with consent_required, sending nothing", async (_label, target) => {
      const phone = newPhone();
      const pending = await createPayment(1234, { customer: { phone } });
      const body = target(phone) as Json;
      if (body.paymentId === "") body.paymentId = pending.id;
      const res = await api("POST", "/v1/notifications", { type: "order_confirmation", ...body });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe("consent_required");
      await new Promise((r) => setTimeout(r, 100));
      expect(await messagesOf(phone)).toEqual([]);
    });

    it("sends one payment reminder per pending payment, with the link to pay", async () => {
      const phone = newPhone();
      const payment = await createPayment(1234, { customer: { phone } });
      const first = await api("POST", "/v1/notifications", {
        type: "payment_reminder",
        paymentId: payment.id,
      });
      expect(first.status).toBe(202);
      const again = await api("POST", "/v1/notifications", {
        type: "payment_reminder",
        paymentId: payment.id,
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe("notification_already_sent");
      const [mt] = await received(phone, 1);
      expect(mt?.text).toContain(`${smspay.baseUrl}/pay/${payment.id}`);
      expect(mt?.text).toContain("€12.34");
      await new Promise((r) => setTimeout(r, 100));
      expect(await received(phone, 1)).toHaveLength(1);
    });

    it("refuses a reminder for a payment that is no longer pending", async () => {
      const paid = await payBySms(newPhone());
      const res = await api("POST", "/v1/notifications", {
        type: "payment_reminder",
        paymentId: paid.id,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("invalid_state");
    });

    it("lets exactly one of concurrent reminders for a payment through", async () => {
      const phone = newPhone();
      const payment = await createPayment(1234, { customer: { phone } });
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          api("POST", "/v1/notifications", { type: "payment_reminder", paymentId: payment.id }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409, 409, 409, 409]);
    });

    it("replays a request with the same Idempotency-Key, and refuses the key with another body", async () => {
      const phone = newPhone();
      const paid = await payBySms(phone);
      const key = `ntf-${randomBytes(6).toString("hex")}`;
      const body = { type: "order_confirmation", paymentId: paid.id };
      const first = await api("POST", "/v1/notifications", body, { "idempotency-key": key });
      const second = await api("POST", "/v1/notifications", body, { "idempotency-key": key });
      expect(second.status).toBe(202);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      const other = await api(
        "POST",
        "/v1/notifications",
        { ...body, orderRef: "other" },
        { "idempotency-key": key },
      );
      expect(other.status).toBe(409);
      expect(other.body.code).toBe("idempotency_conflict");
      expect(await received(phone, 2)).toHaveLength(2);
    });

    it("does not let a merchant text about another merchant's payment", async () => {
      const paid = await payBySms(newPhone());
      const other = await smspay.merchant("Another shop");
      const res = await api(
        "POST",
        "/v1/notifications",
        { type: "order_confirmation", paymentId: paid.id },
        {},
        other.apiKey,
      );
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("not_found");
    });

    it("refuses free text: unknown parameters are invalid_request", async () => {
      const res = await api("POST", "/v1/notifications", {
        type: "shipping_update",
        phone: newPhone(),
        orderRef: "A-3",
        consent: { givenAt: "2026-11-20T10:00:00Z", method: "checkbox" },
        params: { carrier: "DHL", tracking: "1", promo: "-20% today only" },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("invalid_request");
      expect(res.body.fields).toContainEqual({ path: "params.promo", message: "unknown field" });
    });
  });

  describe("OTP abuse guard", () => {
    it("caps PINs per number across payments, with a Retry-After", async () => {
      const phone = newPhone();
      for (let i = 0; i < 5; i++) {
        const payment = await createPayment(1234);
        expect((await requestPin(payment.id, phone)).status).toBe(200);
      }
      const sixth = await createPayment(1234);
      const refused = await requestPin(sixth.id, phone);
      expect(refused.status).toBe(429);
      expect(refused.type).toContain("application/problem+json");
      expect(refused.body.code).toBe("otp_rate_limited");
      const retryAfter = Number(refused.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(3_500);
      expect(retryAfter).toBeLessThanOrEqual(3_600);
      expect(await received(phone, 5)).toHaveLength(5);
    });

    it("caps PINs per client address whatever the numbers", async () => {
      const ip = newIp();
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const payment = await createPayment(1234);
        statuses.push((await requestPin(payment.id, newPhone(), ip)).status);
      }
      expect(statuses).toEqual([...Array(20).fill(200), 429]);
    });

    it("sends PINs only to the merchant's countries (default: where its tariffs are)", async () => {
      const german = "+4915112345678";
      const payment = await createPayment(1234);
      const refused = await requestPin(payment.id, german);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe("country_not_allowed");
      expect(await messagesOf(german)).toEqual([]);
      expect((await api("GET", "/v1/settings/otp-countries")).body).toEqual({
        allowedCountries: null,
        effectiveCountries: ["FR"],
      });
      const set = await api("PUT", "/v1/settings/otp-countries", {
        allowedCountries: ["FR", "DE"],
      });
      expect(set.body).toEqual({
        allowedCountries: ["DE", "FR"],
        effectiveCountries: ["DE", "FR"],
      });
      expect((await requestPin(payment.id, german)).status).toBe(200);
      await api("PUT", "/v1/settings/otp-countries", { allowedCountries: null });
    });

    it("sends no PIN to a number that opted out of the PIN sender", async () => {
      const phone = newPhone();
      await sendSms(phone, "38100", "STOP");
      const payment = await createPayment(1234);
      const refused = await requestPin(payment.id, phone);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe("phone_opted_out");
    });
  });
});
