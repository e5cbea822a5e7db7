// The hosted checkout over HTTP, on PGlite and PostgreSQL: the page as each
// kind of customer gets it, the short-code, PIN and express flows through
// plain forms (what a browser without JavaScript does), live status, the
// signed return to the shop, retries, consent, languages and the funnel.

import { randomBytes } from "node:crypto";
import { transition, verifyReturnSignature } from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSmspay, startSmspay } from "../test-support.ts";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely; assertions pin them.
type Json = Record<string, any>;

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
const ANDROID =
  "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
const DESKTOP =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

describe.each(testDatabases())("checkout on $kind", (factory) => {
  let smspay: RunningSmspay;
  let apiKey: string;
  let merchantId: string;
  let seq = 0;
  const newPhone = () =>
    `+3367${String(1_000_000 + seq++ * 7_919 + (randomBytes(2).readUInt16BE() % 997)).padStart(7, "0")}`;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    ({ apiKey, merchantId } = await smspay.merchant("Fromagerie Léa"));
  });
  afterAll(() => smspay.close());

  const url = (path: string) => `${smspay.baseUrl}${path}`;
  const api = async (method: string, path: string, body?: unknown, key = apiKey) => {
    const res = await fetch(url(path), {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const create = async (amount: number, extra: Json = {}) => {
    const res = await api("POST", "/v1/payments", {
      amount,
      currency: "EUR",
      orderRef: `order-${randomBytes(4).toString("hex")}`,
      returnUrl: "https://shop.example/thanks?order=7",
      cancelUrl: "https://shop.example/cart",
      description: "Comté 18 mois",
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url(path), { headers, redirect: "manual" });
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  /** A form post, as a browser without JavaScript sends it. */
  const form = async (path: string, fields: Record<string, string>, headers = {}) => {
    const res = await fetch(url(path), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
    return { status: res.status, location: res.headers.get("location"), html: await res.text() };
  };
  const sendSms = async (from: string, to: string, text: string) => {
    const res = await fetch(url("/sandbox/sms"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from, to, text }),
    });
    expect(res.status).toBe(202);
  };
  const phoneMessages = async (phone: string): Promise<Json[]> =>
    (
      (await (
        await fetch(url(`/sandbox/phones/${encodeURIComponent(phone)}/messages`))
      ).json()) as Json
    ).data;
  const eventually = async <T>(
    read: () => Promise<T>,
    check: (value: T) => boolean,
  ): Promise<T> => {
    for (let i = 0; i < 750; i++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
    return read();
  };
  const statusOf = (id: string) =>
    eventually(
      async () => (await api("GET", `/v1/payments/${id}`)).body,
      (p) => !["pending", "processing"].includes(p.status),
    );
  const returnKey = async () => (await api("GET", "/v1/checkout-settings")).body.returnUrlKey;
  const pinFrom = async (phone: string, count = 1) => {
    const messages = await eventually(
      () => phoneMessages(phone),
      (m) => m.filter((x) => x.from === "38100").length >= count,
    );
    const last = messages.filter((x) => x.from === "38100").at(-1);
    return /\b(\d{6})\b/.exec(last?.text ?? "")?.[1] ?? "";
  };
  /** Pays a carrier-billing payment through the page's forms. */
  const payWithPin = async (id: string, phone: string) => {
    expect((await form(`/pay/${id}/pin`, { phone, country: "FR" })).status).toBe(303);
    const verified = await form(`/pay/${id}/pin/verify`, { pin: await pinFrom(phone) });
    expect(verified).toMatchObject({ status: 303, location: `/pay/${id}?r=1` });
    return statusOf(id);
  };

  describe("the short-code page", () => {
    it("shows the exact SMS, the code, the billed price, a QR code and the time left", async () => {
      const payment = await create(450);
      const { status, headers, html } = await page(`/pay/${payment.id}`, {
        "user-agent": DESKTOP,
        "accept-language": "en-GB,en;q=0.9",
      });
      expect(status).toBe(200);
      expect(headers.get("content-type")).toContain("text/html");
      expect(html).toContain('<html lang="en" dir="ltr">');
      expect(html).toContain(`<dd id="sms-text">PAY ${payment.reference}</dd>`);
      expect(html).toContain('<dd id="short-code">81450</dd>');
      expect(html).toContain("Fromagerie Léa");
      expect(html).toContain("Comté 18 mois");
      expect(html).toContain(
        "<strong>€4.50</strong> will be charged to your phone bill or deducted from your prepaid credit.",
      );
      expect(html).toMatch(/<svg role="img" aria-label="QR code: sends PAY \d{6} to 81450"/);
      expect(html).toMatch(/<time id="left"[^>]*>1[45]:\d\d<\/time>/);
      // Without JavaScript the page refreshes itself while it waits for the SMS.
      expect(html).toContain(
        `<noscript><meta http-equiv="refresh" content="5;url=/pay/${payment.id}?r=1"></noscript>`,
      );
    });

    it("stays under 30 KB, HTML, CSS, script and QR code included", async () => {
      const payment = await create(450);
      const { html } = await page(`/pay/${payment.id}`);
      expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
      expect(html).not.toMatch(/<link |<script src|<img src="http/);
    });

    it("runs only its own inline style and script (CSP nonce) and cannot be framed by others", async () => {
      const payment = await create(450);
      const { headers, html } = await page(`/pay/${payment.id}`);
      const csp = headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(html).toContain(`<script nonce="${nonce}">`);
      expect(html).toContain(`<style nonce="${nonce}">`);
      expect(headers.get("cache-control")).toBe("no-store");
      const again = await page(`/pay/${payment.id}`);
      expect(again.headers.get("content-security-policy")).not.toContain(nonce);
    });

    it.each([
      [IPHONE, "sms:81450&body=PAY%20"],
      [ANDROID, "sms:81450?body=PAY%20"],
      [DESKTOP, "sms:81450?&body=PAY%20"],
    ])("links the SMS app the way the device expects (%#)", async (ua, prefix) => {
      const payment = await create(450);
      const { html } = await page(`/pay/${payment.id}`, { "user-agent": ua });
      expect(html).toContain(`data-sms="${prefix.replace("&", "&amp;")}${payment.reference}"`);
      const hop = await page(`/pay/${payment.id}/sms`, { "user-agent": ua });
      expect(hop.status).toBe(302);
      expect(hop.headers.get("location")).toBe(`${prefix}${payment.reference}`);
    });

    it("counts a page view once, and a tap on the SMS link", async () => {
      const payment = await create(200);
      await page(`/pay/${payment.id}`);
      await page(`/pay/${payment.id}`);
      await page(`/pay/${payment.id}?r=1`);
      await page(`/pay/${payment.id}/sms`);
      const beacon = await form(`/pay/${payment.id}/beacon`, { type: "sms_link_tapped" });
      expect(beacon.status).toBe(204);
      const store = smspay.smspay.deps.store;
      expect(await store.checkoutEvents.types(payment.id)).toEqual([
        "page_viewed",
        "flow_chosen",
        "sms_link_tapped",
      ]);
      const wrong = await form(`/pay/${payment.id}/beacon`, { type: "paid" });
      expect(wrong.status).toBe(400);
      expect(JSON.parse(wrong.html)).toMatchObject({ code: "invalid_request" });
    });

    it("answers an unknown payment with a problem, not a page", async () => {
      const res = await page("/pay/pay_doesnotexist");
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    });
  });

  describe("live status and the way back", () => {
    it("streams status changes, then sends the customer back with a signed result", async () => {
      const payment = await create(450);
      const controller = new AbortController();
      const stream = await fetch(url(`/pay/${payment.id}/events?lang=fr`), {
        signal: controller.signal,
      });
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let received = "";
      const next = async () => {
        const { value } = await reader.read();
        received += decoder.decode(value);
      };
      await next();
      expect(received).toContain('"status":"pending"');
      await sendSms(newPhone(), "81450", `PAY ${payment.reference}`);
      while (!received.includes('"status":"succeeded"')) await next();
      const events = received
        .split("\n\n")
        .filter((block) => block.startsWith("event: status"))
        .map((block) => JSON.parse(block.split("data: ")[1] as string));
      expect(events.at(-1)).toMatchObject({ status: "succeeded", text: "Payé. Merci !" });
      controller.abort();

      const status = (await (await fetch(url(`/pay/${payment.id}/status`))).json()) as Json;
      const back = new URL(status.returnUrl);
      expect(back.origin + back.pathname).toBe("https://shop.example/thanks");
      expect(back.searchParams.get("order")).toBe("7");
      expect(back.searchParams.get("smspay_payment")).toBe(payment.id);
      expect(back.searchParams.get("smspay_status")).toBe("succeeded");
      const key = await returnKey();
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(
        verifyReturnSignature(key, {
          payment: payment.id,
          status: "succeeded",
          signature: back.searchParams.get("smspay_signature") ?? "",
        }),
      ).toBe(true);
      expect(
        verifyReturnSignature(key, {
          payment: payment.id,
          status: "failed",
          signature: back.searchParams.get("smspay_signature") ?? "",
        }),
      ).toBe(false);

      // The receipt, and the automatic return (a meta refresh works with or without JavaScript).
      const { html } = await page(`/pay/${payment.id}?r=1`);
      expect(html).toContain('data-status="succeeded"');
      expect(html).toContain("Receipt");
      const href = status.returnUrl.replaceAll("&", "&amp;");
      expect(html).toContain(
        `<noscript><meta http-equiv="refresh" content="5;url=${href}"></noscript>`,
      );
      expect(html).toContain(`id="back" href="${href}" data-after="5"`);
      expect(html).toContain('<button class="link" type="button" id="stay" hidden>');
    });

    it("cancels with a POST (and an old-style GET) and returns to the cart, signed", async () => {
      const key = await returnKey();
      for (const method of ["POST", "GET"]) {
        const payment = await create(450);
        const res = await fetch(url(`/pay/${payment.id}/cancel`), { method, redirect: "manual" });
        expect(res.status).toBe(303);
        const back = new URL(res.headers.get("location") ?? "");
        expect(back.origin + back.pathname).toBe("https://shop.example/cart");
        expect(back.searchParams.get("smspay_status")).toBe("canceled");
        expect(
          verifyReturnSignature(key, {
            payment: payment.id,
            status: "canceled",
            signature: back.searchParams.get("smspay_signature") ?? "",
          }),
        ).toBe(true);
        expect((await api("GET", `/v1/payments/${payment.id}`)).body.status).toBe("canceled");
        expect(await smspay.smspay.deps.store.checkoutEvents.types(payment.id)).toContain(
          "abandoned",
        );
      }
    });

    it("counts an expiry as abandoned only when the customer did nothing", async () => {
      const { store, clock } = smspay.smspay.deps;
      const untouched = await create(450);
      const tried = await create(450);
      await form(`/pay/${tried.id}/beacon`, { type: "flow_chosen" });
      for (const id of [untouched.id, tried.id]) {
        await store.transaction(async (tx) => {
          const payment = await tx.payments.lock(id);
          if (payment) await transition(tx, payment, "expired", { at: clock.now() });
        });
      }
      expect(await store.checkoutEvents.types(untouched.id)).toEqual(["abandoned"]);
      expect(await store.checkoutEvents.types(tried.id)).toEqual(["flow_chosen"]);
    });
  });

  describe("carrier billing with a PIN, without JavaScript", () => {
    it("asks for the phone, ties errors to fields, pays, and offers one-reply payments", async () => {
      const payment = await create(750, { customer: { locale: "fr-FR" } });
      expect(payment.flow).toBe("otp");
      const start = await page(`/pay/${payment.id}`);
      expect(start.html).toContain('<option value="FR" selected>');
      expect(start.html).toContain('<label for="phone">Votre numéro de mobile</label>');
      expect(start.html).not.toContain('http-equiv="refresh"');

      const bad = await form(`/pay/${payment.id}/pin`, { phone: "12", country: "FR" });
      expect(bad.status).toBe(400);
      expect(bad.html).toContain('aria-describedby="phone-hint phone-error" aria-invalid="true"');
      expect(bad.html).toContain('<p id="phone-error" class="error">Ce numéro de mobile');
      expect(bad.html).toContain('value="12"');

      const phone = newPhone();
      // A national number with the country picked, as customers type it.
      const national = `0${phone.slice(3)}`;
      expect(
        (await form(`/pay/${payment.id}/pin`, { phone: national, country: "FR" })).status,
      ).toBe(303);
      const pin = await pinFrom(phone);
      const entry = await page(`/pay/${payment.id}?r=1`);
      expect(entry.html).toContain('autocomplete="one-time-code"');
      expect(entry.html).toContain("Essais restants : 5");
      expect(entry.html).toMatch(/data-wait="(29|30)"/);

      const tooSoon = await form(`/pay/${payment.id}/pin/resend`, {});
      expect(tooSoon.status).toBe(400);
      expect(tooSoon.html).toMatch(/Patientez \d+ s avant de demander un nouveau code/);

      const wrong = await form(`/pay/${payment.id}/pin/verify`, {
        pin: pin === "000000" ? "111111" : "000000",
      });
      expect(wrong.status).toBe(400);
      expect(wrong.html).toContain('<p id="pin-error" class="error">Ce code n&#39;est pas le bon');
      expect(wrong.html).toContain("Essais restants : 4");

      expect((await form(`/pay/${payment.id}/pin/verify`, { pin })).status).toBe(303);
      expect((await statusOf(payment.id)).status).toBe("succeeded");

      // The offer: an unticked box, no automatic return while it is on screen.
      const done = await page(`/pay/${payment.id}?r=1`);
      expect(done.html).toContain('<input type="checkbox" name="remember" value="yes" required');
      expect(done.html).not.toMatch(/name="remember"[^>]*checked/);
      expect(done.html).not.toContain('http-equiv="refresh"');
      expect(done.html).not.toContain("data-after");
      expect(done.html).toContain(`•••• ${phone.slice(-4)}`);

      const types = await smspay.smspay.deps.store.checkoutEvents.types(payment.id);
      expect(types).toEqual(["page_viewed", "flow_chosen", "pin_sent", "pin_verified", "paid"]);
      const funnel = await smspay.smspay.deps.store.checkoutEvents.funnel({
        merchantId,
        from: new Date(Date.now() - 60_000),
        to: new Date(Date.now() + 60_000),
      });
      expect(funnel.pin_verified).toBeGreaterThanOrEqual(1);
      expect(funnel.paid).toBeGreaterThanOrEqual(1);
    });
  });

  describe("express payments", () => {
    it("remembers a number only when asked, then one YES pays the next order", async () => {
      const phone = newPhone();
      const first = await create(1299, { customer: { phone } });
      expect((await payWithPin(first.id, phone)).status).toBe("succeeded");

      // Not ticked: nothing recorded.
      expect((await form(`/pay/${first.id}/express`, { lang: "en" })).status).toBe(303);
      const store = smspay.smspay.deps.store;
      const phoneHash = smspay.smspay.deps.vault.hash(phone);
      expect(await store.expressConsents.findLive({ merchantId, phoneHash })).toBeUndefined();
      const notYet = await create(499, { customer: { phone }, express: true });
      expect(notYet.flow).toBe("otp");

      expect((await form(`/pay/${first.id}/express`, { remember: "yes", lang: "en" })).status).toBe(
        303,
      );
      const consent = await store.expressConsents.findLive({ merchantId, phoneHash });
      expect(consent).toMatchObject({
        channel: "checkout_page",
        locale: "en",
        textShown: expect.stringContaining(
          "Remember my number for one-reply payments at Fromagerie Léa",
        ),
      });
      expect(consent?.phoneCipher).not.toContain(phone.slice(3));
      const saved = await page(`/pay/${first.id}?r=1`);
      expect(saved.html).toContain(`action="/pay/consents/${consent?.id}/revoke"`);

      const express = await create(499, { customer: { phone }, express: true });
      expect(express).toMatchObject({ flow: "express", status: "pending" });
      expect(express.shortCode).toBeUndefined();
      const request = await eventually(
        () => phoneMessages(phone),
        (m) => m.some((x) => x.text.includes("reply YES")),
      );
      expect(request.at(-1)).toMatchObject({ from: "38100" });
      expect(request.at(-1)?.text).toBe(
        `Fromagerie Léa: reply YES to pay €4.99 for order ${express.orderRef}, charged to your phone bill. STOP to end one-reply payments.`,
      );
      const waiting = await page(`/pay/${express.id}`);
      expect(waiting.html).toContain("Reply YES to pay.");
      expect(waiting.html).toContain(`href="/pay/${express.id}?change=1"`);

      await sendSms(phone, "38100", "yes");
      const paid = await statusOf(express.id);
      expect(paid).toMatchObject({ status: "succeeded" });
      // The receipt of an express payment carries the way out of one-reply payments.
      const receipt = await page(`/pay/${express.id}?r=1`);
      expect(receipt.html).toContain(`action="/pay/consents/${consent?.id}/revoke"`);
      expect(receipt.html).not.toContain('name="remember"');
      const timeline = (await api("GET", `/v1/payments/${express.id}/events`)).body.data.map(
        (e: Json) => e.type,
      );
      expect(timeline).toEqual(
        expect.arrayContaining(["created", "express_requested", "processing", "succeeded"]),
      );
      // Another YES finds nothing to pay and says so.
      await sendSms(phone, "38100", "YES");
      const replies = await eventually(
        () => phoneMessages(phone),
        (m) => m.some((x) => x.text.includes("No payment is waiting")),
      );
      expect(replies.filter((m) => m.billedAmount)).toHaveLength(0);
    });

    it("ends one-reply payments on STOP and through the link", async () => {
      const store = smspay.smspay.deps.store;
      for (const via of ["sms_stop", "link"] as const) {
        const phone = newPhone();
        const first = await create(1299, { customer: { phone } });
        await payWithPin(first.id, phone);
        await form(`/pay/${first.id}/express`, { remember: "yes", lang: "fr" });
        const phoneHash = smspay.smspay.deps.vault.hash(phone);
        const consent = await store.expressConsents.findLive({ merchantId, phoneHash });
        expect(consent).toBeDefined();
        if (via === "sms_stop") {
          await sendSms(phone, "38100", "STOP");
        } else {
          const link = await page(`/pay/consents/${consent?.id}`);
          expect(link.html).toContain(consent?.textShown);
          const revoked = await form(`/pay/consents/${consent?.id}/revoke`, {});
          expect(revoked.status).toBe(303);
        }
        expect(await store.expressConsents.get(consent?.id ?? "")).toMatchObject({
          revokedVia: via,
        });
        const next = await create(499, { customer: { phone }, express: true });
        expect(next.flow).toBe("otp");
      }
    });

    it("requires the customer's phone for express", async () => {
      const res = await api("POST", "/v1/payments", {
        amount: 499,
        currency: "EUR",
        orderRef: "x",
        returnUrl: "https://shop.example/r",
        express: true,
      });
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ path: "express", message: "needs customer.phone" }]);
    });
  });

  describe("failure and retry", () => {
    it("says why in plain words and tries again as a new payment for the same order", async () => {
      const payment = await create(750, { metadata: { cart: "42" } });
      const failed = await payWithPin(payment.id, "+33600000001");
      expect(failed).toMatchObject({ status: "failed", failureCode: "insufficient_funds" });
      const { html } = await page(`/pay/${payment.id}?r=1`);
      expect(html).toContain("There was not enough credit on your phone");
      expect(html).toContain(`action="/pay/${payment.id}/retry"`);

      const retried = await form(`/pay/${payment.id}/retry`, {});
      expect(retried.status).toBe(303);
      const newId = /^\/pay\/(pay_\w+)$/.exec(retried.location ?? "")?.[1] ?? "";
      expect(newId).not.toBe(payment.id);
      const fresh = (await api("GET", `/v1/payments/${newId}`)).body;
      expect(fresh).toMatchObject({
        status: "pending",
        amount: 750,
        orderRef: payment.orderRef,
        returnUrl: payment.returnUrl,
        metadata: { cart: "42" },
      });
      // A second click makes no second payment.
      expect((await form(`/pay/${payment.id}/retry`, {})).location).toBe(`/pay/${newId}`);
      // Only a failed payment can be retried.
      const notFailed = await form(`/pay/${newId}/retry`, {});
      expect(notFailed.status).toBe(409);
    });
  });

  describe("languages and branding", () => {
    it("speaks the customer's language, then the shop's, then the browser's", async () => {
      const arabic = await create(450, { customer: { locale: "ar-MA" } });
      const ar = await page(`/pay/${arabic.id}`, { "accept-language": "fr" });
      expect(ar.html).toContain('<html lang="ar" dir="rtl">');
      expect(ar.html).toContain("ادفع برسالة واحدة");

      const browser = await create(450);
      expect(
        (await page(`/pay/${browser.id}`, { "accept-language": "es-ES,es;q=0.9" })).html,
      ).toContain('<html lang="es" dir="ltr">');
      const other = await smspay.merchant("Padaria Sol");
      const shop = await api(
        "PATCH",
        "/v1/checkout-settings",
        { defaultLocale: "pt-PT" },
        other.apiKey,
      );
      expect(shop.status).toBe(200);
      const shopPayment = (
        await api(
          "POST",
          "/v1/payments",
          { amount: 450, currency: "EUR", orderRef: "p1", returnUrl: "https://sol.example/r" },
          other.apiKey,
        )
      ).body;
      const pt = await page(`/pay/${shopPayment.id}`, { "accept-language": "es" });
      expect(pt.html).toContain('<html lang="pt" dir="ltr">');
      expect(pt.html).toContain("Pague com um SMS");
    });

    it("shows the shop's logo and colour, refusing colours white text cannot be read on", async () => {
      const shop = await smspay.merchant("Boutique Noire");
      const refused = await api(
        "PATCH",
        "/v1/checkout-settings",
        { brandColor: "#ffd700", logoUrl: "http://insecure.example/logo.png" },
        shop.apiKey,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((f: Json) => f.path).sort()).toEqual([
        "brandColor",
        "logoUrl",
      ]);
      const accepted = await api(
        "PATCH",
        "/v1/checkout-settings",
        { brandColor: "#1A3D2B", logoUrl: "https://cdn.example/noire.png" },
        shop.apiKey,
      );
      expect(accepted.body).toMatchObject({
        brandColor: "#1a3d2b",
        logoUrl: "https://cdn.example/noire.png",
      });
      const payment = (
        await api(
          "POST",
          "/v1/payments",
          { amount: 450, currency: "EUR", orderRef: "n1", returnUrl: "https://noire.example/r" },
          shop.apiKey,
        )
      ).body;
      const { html } = await page(`/pay/${payment.id}`);
      expect(html).toContain("--brand:#1a3d2b");
      expect(html).toContain('<img src="https://cdn.example/noire.png" alt="">');
    });
  });
});
