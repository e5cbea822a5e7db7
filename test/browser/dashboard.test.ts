// The merchant's dashboard in headless Chromium, against a real smspay on
// PGlite and PostgreSQL: signing in, the payments table and its filters, a
// payment's page, a refund with its confirmation, the CSV export, API keys,
// a staff member who may only look, French, and another merchant's data out
// of reach. Every page is checked with axe-core (WCAG 2.2 AA) and saved as a
// screenshot in test/artifacts/.

import { readFile } from "node:fs/promises";
import { newId, raiseAttention } from "@smspay/core";
import { testDatabases } from "@smspay/testkit";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  type Gateway,
  type Json,
  launchChromium,
  newPhone,
  type Shop,
  screenshot,
  startGateway,
  startShop,
  VIEWPORTS,
  type Viewport,
} from "./harness.ts";

const PASSWORD = "correct horse battery staple";
const JOURNEY_TIMEOUT_MS = 90_000;

describe.each(testDatabases())("the dashboard in Chromium on $kind", (factory) => {
  let browser: Browser;
  let shop: Shop;
  let gateway: Gateway;
  let owner: string;
  let staff: string;
  let paid: Json[];
  let otherPayment: Json;

  const settled = async (id: string): Promise<Json> => {
    for (let i = 0; i < 400; i++) {
      const payment = (await gateway.api("GET", `/v1/payments/${id}`)).body;
      if (!["pending", "processing"].includes(payment.status)) return payment;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`payment ${id} never settled`);
  };

  const payBySms = async (orderRef: string): Promise<Json> => {
    const payment = await gateway.createPayment(450, { orderRef });
    await gateway.sendSms(newPhone(), payment.shortCode, payment.smsText);
    return settled(payment.id);
  };

  beforeAll(async () => {
    browser = await launchChromium();
    shop = await startShop();
    gateway = await startGateway((await factory.open()).db, shop);
    const accounts = gateway.smspay.smspay.accounts;
    owner = `owner-${factory.kind}@fromagerie.example`;
    staff = `staff-${factory.kind}@fromagerie.example`;
    await accounts.createUser({
      merchantId: gateway.merchantId,
      email: owner,
      role: "owner",
      password: PASSWORD,
    });
    await accounts.createUser({
      merchantId: gateway.merchantId,
      email: staff,
      role: "staff",
      password: PASSWORD,
    });
    paid = [await payBySms("ORD-1001"), await payBySms("ORD-1002"), await payBySms("ORD-1003")];
    await gateway.createPayment(200, { orderRef: "ORD-2001" });
    // Another merchant's paid payment: never visible to this merchant's people.
    const other = await gateway.smspay.merchant("Another Shop");
    const res = await fetch(`${gateway.smspay.baseUrl}/v1/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${other.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        amount: 450,
        currency: "EUR",
        orderRef: "SECRET-OTHER-SHOP",
        returnUrl: `${shop.url}/thanks`,
      }),
    });
    otherPayment = (await res.json()) as Json;
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await shop?.close();
    await browser?.close();
  });

  const open = async (
    viewport: Viewport,
    options: { locale?: string } = {},
  ): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({
      ...viewport.context,
      // Lets the test inject axe-core; the CSP itself is checked in its own test below.
      bypassCSP: true,
      locale: options.locale ?? "en-GB",
      acceptDownloads: true,
    });
    return { context, page: await context.newPage() };
  };

  const checkPage = async (page: Page, name: string) => {
    expect(await accessibilityViolations(page), name).toEqual([]);
    // Fits the screen: only tables scroll sideways, inside their own region.
    expect(
      await page.evaluate<boolean>("document.documentElement.scrollWidth <= window.innerWidth"),
      `${name} is wider than the screen`,
    ).toBe(true);
    await screenshot(page, name);
  };

  const signIn = async (page: Page, email: string, target = "/dashboard") => {
    await page.goto(`${gateway.smspay.baseUrl}${target}`);
    await page.waitForURL(/\/dashboard\/login\?next=/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === new URL(target, "http://x").pathname);
  };

  describe.each(VIEWPORTS)("on a $name", (viewport) => {
    const shot = (state: string) => `dashboard-${factory.kind}-${viewport.name}-${state}`;

    it(
      "signs in, shows the overview, filters the payments and opens one",
      async () => {
        const { context, page } = await open(viewport);
        await page.goto(`${gateway.smspay.baseUrl}/dashboard`);
        await page.waitForURL(/\/dashboard\/login/);
        await page.getByLabel("Email").fill(owner);
        await page.getByLabel("Password").fill("not the password");
        await page.getByRole("button", { name: "Sign in" }).click();
        await expect
          .poll(() => page.getByRole("alert").textContent())
          .toBe("Wrong email or password.");
        await checkPage(page, shot("login-error"));
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL((url) => url.pathname === "/dashboard");

        await expect.poll(() => page.locator(".kpi-value").first().textContent()).toBe("€13.50");
        expect(await page.locator("#daily-chart canvas").count()).toBeGreaterThan(0);
        await checkPage(page, shot("overview"));

        await page.getByRole("link", { name: "Payments" }).click();
        await page.waitForURL(/\/dashboard\/payments$/);
        const rows = page.locator("tbody tr");
        expect(await rows.count()).toBe(4);
        await page.getByLabel("Status").selectOption("succeeded");
        await page.getByRole("button", { name: "Apply" }).click();
        await page.waitForURL(/status=succeeded/);
        expect(await rows.count()).toBe(3);
        await page.getByLabel("Search").fill("ORD-100");
        await page.getByLabel("Status").selectOption("");
        await page.getByRole("button", { name: "Apply" }).click();
        await page.waitForURL(/q=ORD-100/);
        expect(await rows.allTextContents()).toHaveLength(3);
        const phone = await page.locator("tbody tr").first().locator("td").nth(5).textContent();
        await page.getByLabel("Search").fill((phone ?? "").replace(/\D/g, ""));
        await page.getByRole("button", { name: "Apply" }).click();
        await page.waitForURL(/q=\d{4}/);
        expect(await rows.count()).toBe(1);
        await checkPage(page, shot("payments-filtered"));
        expect(await page.content()).not.toContain("SECRET-OTHER-SHOP");

        await rows.first().getByRole("link").click();
        await page.waitForURL(/\/dashboard\/payments\/pay_/);
        const text = (await page.locator("main").textContent()) ?? "";
        expect(text).toContain("Timeline");
        expect(text).toContain("billed confirmation");
        expect(text).toMatch(/\+336•+\d{3}/);
        expect(text).toContain("Operator fee");
        await checkPage(page, shot("payment"));
        await context.close();
      },
      JOURNEY_TIMEOUT_MS,
    );
  });

  it(
    "refunds part of a payment after a confirmation step",
    async () => {
      const { context, page } = await open(VIEWPORTS[1] as Viewport);
      const payment = paid[0] as Json;
      await signIn(page, owner, `/dashboard/payments/${payment.id}`);
      await page.getByLabel("Amount to refund").fill("1.50");
      await page.getByLabel("Reason").fill("Damaged rind");
      await page.getByRole("button", { name: "Review the refund" }).click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("Confirm the refund");
      expect((await gateway.api("GET", `/v1/payments/${payment.id}/refunds`)).body.data).toEqual(
        [],
      );
      await checkPage(page, `dashboard-${factory.kind}-refund-confirm`);
      await page.getByRole("button", { name: "Refund €1.50" }).click();
      await page.waitForURL(/done=refund/);
      await expect
        .poll(() => page.getByRole("status").first().textContent())
        .toBe("The refund was recorded.");
      const refunds = (await gateway.api("GET", `/v1/payments/${payment.id}/refunds`)).body.data;
      expect(refunds).toMatchObject([
        { amount: 150, reason: "Damaged rind", method: "merchant_credit" },
      ]);
      expect(await page.locator("main").textContent()).toContain("Damaged rind");
      await checkPage(page, `dashboard-${factory.kind}-refunded`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "exports the filtered payments as a CSV file",
    async () => {
      const { context, page } = await open(VIEWPORTS[1] as Viewport);
      await signIn(page, owner, "/dashboard/payments?q=ORD-100");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: "Export as CSV" }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^payments-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "");
      const lines = csv.trimEnd().split("\r\n");
      expect(lines[0]).toMatch(/^id,created_at,order_ref,status,flow,amount,currency/);
      expect(
        lines
          .slice(1)
          .map((line) => line.split(",")[2])
          .sort(),
      ).toEqual(["ORD-1001", "ORD-1002", "ORD-1003"]);
      expect(csv).not.toContain("ORD-2001");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "creates an API key shown once, then revokes it",
    async () => {
      const { context, page } = await open(VIEWPORTS[0] as Viewport);
      await signIn(page, owner, "/dashboard/api-keys");
      await page.getByLabel("Name").fill("Warehouse");
      await page.getByRole("button", { name: "Create the key" }).click();
      const key = (await page.locator("#new-key").textContent()) ?? "";
      expect(key).toMatch(/^sk_/);
      await checkPage(page, `dashboard-${factory.kind}-api-key-created`);
      const call = () =>
        fetch(`${gateway.smspay.baseUrl}/v1/payments?limit=1`, {
          headers: { authorization: `Bearer ${key}` },
        });
      expect((await call()).status).toBe(200);
      await page.goto(`${gateway.smspay.baseUrl}/dashboard/api-keys`);
      expect(await page.content()).not.toContain(key);
      await page.getByRole("button", { name: "Revoke the key Warehouse" }).click();
      await page.waitForURL(/done=revoked/);
      await expect.poll(async () => (await call()).status, { timeout: 15_000 }).toBe(401);
      expect(await page.locator("tbody").textContent()).toMatch(/revoked/);
      await checkPage(page, `dashboard-${factory.kind}-api-key-revoked`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "lets staff look but not refund, and keeps another merchant's payment out of reach",
    async () => {
      const { context, page } = await open(VIEWPORTS[1] as Viewport);
      const payment = paid[1] as Json;
      await signIn(page, staff, `/dashboard/payments/${payment.id}`);
      expect(await page.getByRole("button", { name: "Review the refund" }).count()).toBe(0);
      expect(await page.locator("main").textContent()).toContain(
        "Only an owner of the account can refund.",
      );
      await checkPage(page, `dashboard-${factory.kind}-staff-payment`);
      // Even a hand-made form post with the session's own token is refused.
      const status = await page.evaluate<number>(`(async () => {
        const token = document.querySelector('input[name=_csrf]').value;
        const res = await fetch(location.pathname + "/refund", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "amount=1.00&_csrf=" + encodeURIComponent(token),
        });
        return res.status;
      })()`);
      expect(status).toBe(403);
      expect((await gateway.api("GET", `/v1/payments/${payment.id}/refunds`)).body.data).toEqual(
        [],
      );

      const response = await page.goto(
        `${gateway.smspay.baseUrl}/dashboard/payments/${otherPayment.id}`,
      );
      expect(response?.status()).toBe(404);
      expect(await page.content()).not.toContain("SECRET-OTHER-SHOP");
      await checkPage(page, `dashboard-${factory.kind}-other-merchant`);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "shows the needs-attention list and the settings, each with its way to act",
    async () => {
      const store = gateway.smspay.smspay.deps.store;
      const payment = paid[2] as Json;
      await store.transaction((tx) =>
        raiseAttention(
          tx,
          {
            kind: "order_not_found",
            merchantId: gateway.merchantId,
            paymentId: payment.id,
            detail: "The shop has no order ORD-1003.",
          },
          new Date(),
        ),
      );
      const effect = newId("eff");
      await store.effects.enqueue({
        id: effect,
        kind: "deliver_webhook",
        payload: { eventId: "evt_gone", endpointId: "we_gone" },
        paymentId: payment.id,
        runAt: new Date(Date.now() + 3_600_000),
      });
      await store.effects.bury({ id: effect, error: "endpoint answered 503", at: new Date() });
      const { context, page } = await open(VIEWPORTS[0] as Viewport);
      await signIn(page, owner, "/dashboard/attention");
      expect(await page.locator("main").textContent()).toContain("The shop has no order ORD-1003.");
      await checkPage(page, `dashboard-${factory.kind}-attention`);
      await page.getByLabel("What you did (optional)").fill("Order re-created by hand");
      await page.getByRole("button", { name: "Mark as settled" }).click();
      await page.waitForURL(/done=resolved/);
      expect(await page.locator("main").textContent()).toContain("Nothing to settle.");
      await page.getByRole("link", { name: "Settings" }).click();
      await page.waitForURL(/\/dashboard\/settings/);
      expect(await page.locator("main").textContent()).toContain("81450");
      await checkPage(page, `dashboard-${factory.kind}-settings`);
      await page.getByLabel("Colour", { exact: true }).fill("#7a1f3d");
      await page.getByRole("button", { name: "Save" }).click();
      await page.waitForURL(/done=saved/);
      expect((await gateway.api("GET", "/v1/checkout-settings")).body.brandColor).toBe("#7a1f3d");
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    "speaks French, and draws its chart under its own Content-Security-Policy",
    async () => {
      // No CSP bypass here: the chart must load with the policy the server sends.
      const context = await browser.newContext({ ...VIEWPORTS[1]?.context, locale: "fr-FR" });
      const page = await context.newPage();
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${gateway.smspay.baseUrl}/dashboard`);
      await page.getByLabel("E-mail").fill(owner);
      await page.getByLabel("Mot de passe").fill(PASSWORD);
      await page.getByRole("button", { name: "Se connecter" }).click();
      await page.waitForURL((url) => url.pathname === "/dashboard");
      expect(await page.locator("html").getAttribute("lang")).toBe("fr");
      expect(await page.locator("h1").textContent()).toBe("Vue d’ensemble");
      await expect.poll(() => page.locator("#daily-chart canvas").count()).toBeGreaterThan(0);
      expect(violations).toEqual([]);
      await context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );
});
