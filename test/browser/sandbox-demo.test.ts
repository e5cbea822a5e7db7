// The sandbox demo a newcomer opens after `./smspay start`: the demo shop,
// the checkout framed beside the virtual phone, one tap to send the SMS, and
// the shop's thank-you page checking the signed return. Embedded mode, so
// PGlite, as `./smspay start` runs it.

import { pgliteTestDatabase } from "@smspay/testkit";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  type Gateway,
  launchChromium,
  type Shop,
  screenshot,
  startGateway,
  startShop,
} from "./harness.ts";

// The page changes when the server says so (SSE, reloads): wait for it, on a busy machine too.
const POLL = { timeout: 15_000 };

describe("the sandbox demo shop in Chromium", () => {
  let browser: Browser;
  let shop: Shop;
  let gateway: Gateway;

  beforeAll(async () => {
    browser = await launchChromium();
    shop = await startShop();
    gateway = await startGateway((await pgliteTestDatabase().open()).db, shop);
  });
  afterAll(async () => {
    await gateway?.close();
    await shop?.close();
    await browser?.close();
  });

  it("takes a newcomer through a whole SMS payment in the browser", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${gateway.smspay.baseUrl}/sandbox`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Open the demo shop" }).click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Buy with SMS" }).click();

    const checkout = page.frameLocator('iframe[title="smspay checkout"]');
    const smsText = (await checkout.locator("#sms-text").textContent()) ?? "";
    expect(smsText).toMatch(/^PAY \d{6}$/);
    const send = page.getByRole("button", { name: `Send “${smsText}” to 81450` });
    await send.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, "sandbox-demo-waiting");

    await send.click();
    // The phone shows the billed confirmation; the framed checkout turns paid, then returns to the shop.
    await expect
      .poll(() => page.locator("#log").textContent(), POLL)
      .toContain("your payment of €4.50 is confirmed");
    await checkout.getByRole("heading", { name: "Receipt" }).waitFor();
    await screenshot(page, "sandbox-demo-paid");
    await checkout
      .getByRole("heading", { name: "Thank you for your order!" })
      .waitFor({ timeout: 20_000 });
    expect(await checkout.getByText("its signature is valid").isVisible()).toBe(true);
    await screenshot(page, "sandbox-demo-thanks");
    await context.close();
  }, 60_000);
});
