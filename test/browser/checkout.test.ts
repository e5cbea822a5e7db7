// The customer's journeys through the hosted checkout in headless Chromium,
// on a phone-sized and a desktop viewport, against a real smspay on PGlite
// and PostgreSQL: short code, PIN, express, JavaScript off, failure and
// retry, right to left. Every state is checked with axe-core (WCAG 2.2 AA)
// and saved as a screenshot in test/artifacts/.

import { verifyReturnSignature } from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  type Gateway,
  launchChromium,
  newPhone,
  type Shop,
  screenshot,
  startGateway,
  startShop,
  staticAccessibilityViolations,
  VIEWPORTS,
  type Viewport,
} from "./harness.ts";

// The page changes when the server says so (SSE, reloads): wait for it, on a busy machine too.
const POLL = { timeout: 15_000 };

const JOURNEY_TIMEOUT_MS = 60_000;

describe.each(testDatabases())("checkout in Chromium on $kind", (factory) => {
  let browser: Browser;
  let shop: Shop;
  let gateway: Gateway;

  beforeAll(async () => {
    browser = await launchChromium();
    shop = await startShop();
    gateway = await startGateway((await factory.open()).db, shop);
  });
  afterAll(async () => {
    await gateway?.close();
    await shop?.close();
    await browser?.close();
  });

  /** A fresh browser for one journey; closed by the journey. */
  const open = async (
    viewport: Viewport,
    options: { javaScriptEnabled?: boolean; locale?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      ...viewport.context,
      // Lets the test inject axe-core; the page's own CSP is checked by the server tests.
      bypassCSP: true,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      locale: options.locale ?? "en-GB",
    });
    return { context, page: await context.newPage() };
  };

  const checkState = async (page: Page, name: string, options: { scripted?: boolean } = {}) => {
    const violations =
      options.scripted === false
        ? await staticAccessibilityViolations(browser, page)
        : await accessibilityViolations(page);
    expect(violations, name).toEqual([]);
    await screenshot(page, name);
  };

  /** The shop saw the customer back with a result signed by the merchant's key. */
  const expectSignedReturn = async (paymentId: string, status: string) => {
    const visit = shop.visits.findLast((v) => v.searchParams.get("smspay_payment") === paymentId);
    expect(visit?.searchParams.get("smspay_status")).toBe(status);
    const key = (await gateway.api("GET", "/v1/checkout-settings")).body.returnUrlKey;
    expect(
      verifyReturnSignature(key, {
        payment: paymentId,
        status,
        signature: visit?.searchParams.get("smspay_signature") ?? "",
      }),
    ).toBe(true);
  };

  const reachedShop = (page: Page) =>
    page.waitForURL((url) => url.href.startsWith(`${shop.url}/thanks`), { timeout: 20_000 });

  describe.each(VIEWPORTS)("on a $name", (viewport) => {
    const shot = (journey: string, state: string) => `${journey}-${viewport.name}-${state}`;

    it(
      "pays by short code: one tap opens the SMS, the page follows live and returns to the shop",
      async () => {
        const payment = await gateway.createPayment(450);
        const { context, page } = await open(viewport);
        const started = Date.now();
        const response = await page.goto(payment.checkoutUrl);
        const weight = Buffer.byteLength((await response?.text()) ?? "");
        expect(weight).toBeLessThan(30 * 1024);

        await expect
          .poll(() => page.locator("#sms-text").textContent(), POLL)
          .toBe(payment.smsText);
        const link = page.getByRole("link", { name: "Open my SMS app" });
        // The script swapped the no-JS hop for the device's own sms: URI (iOS: "&body=").
        expect(await link.getAttribute("href")).toBe(
          viewport.name === "phone"
            ? `sms:81450&body=${encodeURIComponent(payment.smsText)}`
            : `sms:81450?&body=${encodeURIComponent(payment.smsText)}`,
        );
        // The price reads at least a third the size of the short code.
        const sizes = await page.evaluate<{ code: number; price: number }>(`(() => {
          const px = (selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize);
          return { code: px("#short-code"), price: px(".price strong") };
        })()`);
        expect(sizes.price * 3).toBeGreaterThanOrEqual(sizes.code);
        await expect
          .poll(() => page.locator(".qr svg").isVisible(), POLL)
          .toBe(viewport.name === "desktop");
        const target = await link.boundingBox();
        expect(target?.height ?? 0).toBeGreaterThanOrEqual(24);
        await checkState(page, shot("shortcode", "waiting"));

        await link.click();
        await expect
          .poll(() => gateway.smspay.smspay.deps.store.checkoutEvents.types(payment.id), POLL)
          .toContain("sms_link_tapped");

        await gateway.sendSms(newPhone(), "81450", payment.smsText);
        // The page follows the payment by itself (server-sent events) and shows the receipt.
        await page.getByRole("heading", { name: "Receipt" }).waitFor();
        expect(await page.locator("#status").textContent()).toBe("Paid. Thank you!");
        await checkState(page, shot("shortcode", "paid"));
        await reachedShop(page);
        await expectSignedReturn(payment.id, "succeeded");
        console.info(
          `short-code payment on a ${viewport.name}: ${((Date.now() - started) / 1000).toFixed(1)} s from the page to the shop (5 s of it the receipt on screen); page ${weight} bytes`,
        );
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );

    it(
      "pays with a PIN: country, number, code with attempts and a resend cooldown, then opts in",
      async () => {
        const payment = await gateway.createPayment(750, { customer: { locale: "fr-FR" } });
        const phone = newPhone();
        const { context, page } = await open(viewport);
        await page.goto(payment.checkoutUrl);
        expect(await page.getByLabel("Pays").inputValue()).toBe("FR");
        await checkState(page, shot("pin", "phone"));

        await page.getByLabel("Votre numéro de mobile").fill("06 12");
        await page.getByRole("button", { name: "Recevoir un code" }).click();
        const phoneField = page.getByLabel("Votre numéro de mobile");
        await expect.poll(() => phoneField.getAttribute("aria-invalid"), POLL).toBe("true");
        expect(await phoneField.getAttribute("aria-describedby")).toContain("phone-error");
        await checkState(page, shot("pin", "phone-error"));

        await phoneField.fill(`0${phone.slice(3)}`);
        await page.getByRole("button", { name: "Recevoir un code" }).click();
        const pinField = page.getByLabel("Code à 6 chiffres");
        await pinField.waitFor();
        const resend = page.getByRole("button", { name: "Recevoir un nouveau code" });
        expect(await resend.isDisabled()).toBe(true);
        await expect
          .poll(() => page.locator("#resend-wait").textContent(), POLL)
          .toMatch(/dans \d+ s/);
        expect(await page.locator("#pin-attempts").textContent()).toBe("Essais restants : 5");
        await checkState(page, shot("pin", "code"));

        const pin = await gateway.pinFor(phone);
        await pinField.fill(pin === "000000" ? "111111" : "000000");
        await page.getByRole("button", { name: /^Payer/ }).click();
        await expect
          .poll(() => page.locator("#pin-error").textContent(), POLL)
          .toContain("Essais restants : 4");
        await checkState(page, shot("pin", "code-error"));

        await page.getByLabel("Code à 6 chiffres").fill(pin);
        await page.getByRole("button", { name: /^Payer/ }).click();
        const remember = page.getByRole("checkbox", { name: /Mémoriser mon numéro/ });
        await remember.waitFor();
        expect(await page.locator("#status").textContent()).toBe("Payé. Merci !");
        expect(await remember.isChecked()).toBe(false);
        await checkState(page, shot("pin", "paid-offer"));

        await remember.check();
        await page.getByRole("button", { name: "Enregistrer" }).click();
        await expect.poll(() => page.getByText("C'est noté").isVisible(), POLL).toBe(true);
        const consent = await gateway.smspay.smspay.deps.store.expressConsents.findLive({
          merchantId: gateway.merchantId,
          phoneHash: gateway.smspay.smspay.deps.vault.hash(phone),
        });
        expect(consent?.textShown).toContain("Mémoriser mon numéro pour payer Fromagerie Léa");
        await checkState(page, shot("pin", "opted-in"));
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );

    it(
      "pays express: one SMS, one YES, and the page turns paid by itself",
      async () => {
        const phone = newPhone();
        await optIn(phone);
        const payment = await gateway.createPayment(499, {
          customer: { phone },
          express: true,
        });
        expect(payment.flow).toBe("express");
        const { context, page } = await open(viewport);
        await page.goto(payment.checkoutUrl);
        await expect.poll(() => page.getByText("Reply YES to pay.").isVisible(), POLL).toBe(true);
        await checkState(page, shot("express", "waiting"));
        const request = (await gateway.phoneMessages(phone)).at(-1);
        expect(request?.text).toContain("reply YES to pay €4.99");

        await gateway.sendSms(phone, "38100", "YES");
        await page.getByRole("heading", { name: "Receipt" }).waitFor();
        expect(await page.locator("#status").textContent()).toBe("Paid. Thank you!");
        await checkState(page, shot("express", "paid"));
        await reachedShop(page);
        await expectSignedReturn(payment.id, "succeeded");
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );

    it(
      "works with JavaScript off: plain forms, a page that refreshes itself, and the way back",
      async () => {
        const payment = await gateway.createPayment(1234);
        const phone = newPhone();
        const { context, page } = await open(viewport, { javaScriptEnabled: false });
        await page.goto(payment.checkoutUrl);
        await checkState(page, shot("nojs", "phone"), { scripted: false });
        await page.getByLabel("Your mobile number").fill(phone);
        await page.getByRole("button", { name: "Send me a code" }).click();
        const pinField = page.getByLabel("6-digit code");
        await pinField.waitFor();
        // No script: the resend button is usable at once, and the server enforces the cooldown.
        await page.getByRole("button", { name: "Send a new code" }).click();
        await expect
          .poll(() => page.getByRole("alert").textContent(), POLL)
          .toMatch(/Please wait \d+ s before asking for a new code/);
        await checkState(page, shot("nojs", "code"), { scripted: false });

        await pinField.fill(await gateway.pinFor(phone));
        await page.getByRole("button", { name: /^Pay/ }).click();
        // No script: the page reloads itself (meta refresh) until the charge is through.
        await page.getByRole("heading", { name: "Receipt" }).waitFor({ timeout: 20_000 });
        await checkState(page, shot("nojs", "paid"), { scripted: false });
        await page.getByRole("link", { name: "Back to Fromagerie Léa" }).click();
        await reachedShop(page);
        await expectSignedReturn(payment.id, "succeeded");

        // The short-code button goes through the counting hop to the sms: URI.
        const shortCode = await gateway.createPayment(99);
        await page.goto(shortCode.checkoutUrl);
        expect(await page.getByRole("link", { name: "Open my SMS app" }).getAttribute("href")).toBe(
          `/pay/${shortCode.id}/sms`,
        );
        await checkState(page, shot("nojs", "shortcode"), { scripted: false });
        await gateway.sendSms(newPhone(), "71099", shortCode.smsText);
        // The meta refresh (every 5 s) brings the news, then the receipt sends the customer back.
        await page.getByRole("heading", { name: "Receipt" }).waitFor({ timeout: 20_000 });
        await reachedShop(page);
        await expectSignedReturn(shortCode.id, "succeeded");
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );

    it(
      "explains a failure in plain words and retries as a new payment",
      async () => {
        const payment = await gateway.createPayment(750);
        const { context, page } = await open(viewport);
        await page.goto(payment.checkoutUrl);
        await page.getByLabel("Your mobile number").fill("+33600000001");
        await page.getByRole("button", { name: "Send me a code" }).click();
        await page
          .getByLabel("6-digit code")
          .fill(await gateway.pinFor("+33600000001", 1 + attempts++));
        await page.getByRole("button", { name: /^Pay/ }).click();
        await expect
          .poll(() => page.getByRole("alert").textContent(), POLL)
          .toContain("There was not enough credit on your phone");
        await checkState(page, shot("failure", "failed"));

        await page.getByRole("button", { name: "Try again" }).click();
        await page.waitForURL((url) => !url.href.includes(payment.id));
        const retryId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
        const retry = (await gateway.api("GET", `/v1/payments/${retryId}`)).body;
        expect(retry).toMatchObject({ status: "pending", amount: 750, orderRef: payment.orderRef });
        await page.getByLabel("Your mobile number").waitFor();
        await checkState(page, shot("failure", "retry"));
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );

    it(
      "reads right to left in Arabic, with the layout mirrored",
      async () => {
        const payment = await gateway.createPayment(450, { customer: { locale: "ar" } });
        const { context, page } = await open(viewport, { locale: "ar" });
        await page.goto(payment.checkoutUrl);
        expect(await page.locator("html").getAttribute("dir")).toBe("rtl");
        expect(await page.locator("html").getAttribute("lang")).toBe("ar");
        await expect
          .poll(() => page.getByRole("heading", { name: "ادفع برسالة واحدة" }).isVisible(), POLL)
          .toBe(true);
        // Mirrored: the shop name starts on the right; the SMS text itself stays left to right.
        const layout = await page.evaluate<{
          nameRight: number;
          width: number;
          textDirection: string;
        }>(`({
          nameRight: document.querySelector(".bar span").getBoundingClientRect().right,
          width: document.documentElement.clientWidth,
          textDirection: getComputedStyle(document.getElementById("sms-text")).direction,
        })`);
        expect(layout.width - layout.nameRight).toBeLessThan(24);
        expect(layout.textDirection).toBe("ltr");
        await checkState(page, shot("rtl", "waiting"));
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );
  });

  // The magic number receives a PIN in every failure journey: count them to read the newest.
  let attempts = 0;

  /** The customer pays once with a PIN and ticks "remember my number" (HTTP, as the page's forms do). */
  async function optIn(phone: string): Promise<void> {
    const base = gateway.smspay.baseUrl;
    const first = await gateway.createPayment(1299);
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      });
    await post(`/pay/${first.id}/pin`, { phone, country: "FR" });
    await post(`/pay/${first.id}/pin/verify`, { pin: await gateway.pinFor(phone) });
    for (let i = 0; i < 250; i++) {
      if ((await gateway.api("GET", `/v1/payments/${first.id}`)).body.status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const saved = await post(`/pay/${first.id}/express`, { remember: "yes", lang: "en" });
    expect(saved.status).toBe(303);
  }
});
