// smspay calling URLs merchants gave it, end to end over real HTTP: webhook
// endpoints and shop base URLs that lead into smspay's own network are
// refused when registered and again when called (the outbound guard), and a
// shop that never answers fails its notification at the configured bound,
// to be retried, instead of holding the worker's lease.

import { WebhookEndpoints } from "@smspay/core";
import {
  FakeHttpServer,
  HangingServer,
  startWebhookReceiver,
  testDatabases,
} from "@smspay/testkit";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "./config.ts";
import { type Json, newPhone, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay } from "./test-support.ts";

describe.each(testDatabases())("calls to merchants' URLs on $kind", (factory) => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });

  async function start(
    config: Partial<Config> = {},
  ): Promise<{ smspay: RunningSmspay; shop: TestShop }> {
    const smspay = await startSmspay({ db: (await factory.open()).db, config });
    open.push(smspay);
    return { smspay, shop: await TestShop.open(smspay) };
  }

  /** The merchant's pending effect of `kind` once it has failed at least once, polling for up to `ms`. */
  async function failedEffect(shop: TestShop, kind: string, ms: number): Promise<Json | undefined> {
    for (const until = Date.now() + ms; Date.now() < until; ) {
      const pending = (await shop.api("GET", "/v1/effects?status=pending")).body.data as Json[];
      const effect = pending.find((e) => e.kind === kind && e.lastError);
      if (effect) return effect;
      await new Promise((r) => setTimeout(r, 25));
    }
    return undefined;
  }

  it("refuses webhook endpoints that lead into smspay's network, naming the field, and keeps none", async () => {
    const { shop } = await start();
    for (const url of [
      "http://10.0.0.1/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://0x0a000001/hook",
      "http://100.64.0.1/hook",
      "https://[fd00::1]/hook",
      "https://[::ffff:192.168.0.1]/hook",
    ]) {
      const res = await shop.api("POST", "/v1/webhook-endpoints", { url });
      expect(res.status).toBe(400);
      expect(res.type).toContain("application/problem+json");
      expect(res.body).toMatchObject({
        code: "invalid_request",
        fields: [{ path: "url", message: expect.stringContaining("smspay does not call") }],
      });
    }
    expect((await shop.api("GET", "/v1/webhook-endpoints")).body.data).toEqual([]);
    // Outside production, loopback stays callable (local shops, these tests).
    const local = await shop.api("POST", "/v1/webhook-endpoints", {
      url: "http://127.0.0.1:9/hook",
    });
    expect(local.status).toBe(201);
  });

  it("refuses shop connections whose base URL leads into smspay's network", async () => {
    const { shop } = await start();
    const woo = await shop.api("PUT", "/v1/platform-connection", {
      platform: "woocommerce",
      config: { url: "http://192.168.1.20", consumerKey: "ck_abc123", consumerSecret: "cs_abc123" },
    });
    expect(woo.status).toBe(400);
    expect(woo.body).toMatchObject({
      code: "invalid_request",
      fields: [
        { path: "config.url", message: "192.168.1.20: smspay does not call private addresses" },
      ],
    });
    const magento = await shop.api("PUT", "/v1/platform-connection", {
      platform: "magento",
      config: { baseUrl: "http://169.254.169.254", auth: { type: "bearer", accessToken: "token" } },
    });
    expect(magento.status).toBe(400);
    expect(magento.body.fields).toEqual([
      {
        path: "config.baseUrl",
        message: "169.254.169.254: smspay does not call link-local addresses",
      },
    ]);
    expect((await shop.api("GET", "/v1/platform-connection")).status).toBe(404);
  });

  it("in production, refuses loopback when registered, and again when called", async () => {
    const { smspay, shop } = await start({ outboundAllow: [] });
    const receiver = await startWebhookReceiver();
    open.push(receiver);
    const url = receiver.url("/smspay");
    const refused = await shop.api("POST", "/v1/webhook-endpoints", { url });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([
      { path: "url", message: "127.0.0.1: smspay does not call loopback addresses" },
    ]);

    // An endpoint that got past registration (stored before the guard, or a
    // name that resolved elsewhere then) is checked again on every call.
    const { checkOutboundUrl: _check, ...unchecked } = smspay.smspay.deps;
    await new WebhookEndpoints(unchecked).create(shop.merchantId, { url });
    await shop.payBySms(450);
    const effect = await failedEffect(shop, "deliver_webhook", 15_000);
    expect(effect?.lastError).toContain("127.0.0.1: smspay does not call loopback addresses");
    expect(receiver.received()).toEqual([]);
  });

  it("in production, refuses a shop connection leading to loopback when it is called", async () => {
    const { smspay } = await start({ outboundAllow: [] });
    let reached = 0;
    const counting = await FakeHttpServer.start(() => {
      reached += 1;
      return { status: 200, body: {} };
    });
    open.push(counting);
    const { deps } = smspay.smspay;
    const configs = {
      woocommerce: { url: counting.url, consumerKey: "ck_abc123", consumerSecret: "cs_abc123" },
      magento: { baseUrl: counting.url, auth: { type: "bearer", accessToken: "token" } },
    } as const;
    for (const [platform, config] of Object.entries(configs)) {
      const merchant = await TestShop.open(smspay, platform);
      // Stored as a connection made before the guard, or to a name that resolved elsewhere then.
      await deps.store.platformConnections.put({
        merchantId: merchant.merchantId,
        platform: platform as keyof typeof configs,
        configCipher: deps.vault.seal(JSON.stringify(config)),
        at: new Date(),
      });
      const created = await merchant.create(450, { orderRef: "1001" });
      await merchant.sms(newPhone(), created.shortCode, created.smsText);
      const effect = await failedEffect(merchant, "notify_platform", 15_000);
      expect(effect?.lastError).toContain("127.0.0.1: smspay does not call loopback addresses");
    }
    expect(reached).toBe(0);
  });

  it("fails a notification to a shop that never answers at the configured bound, and retries it", async () => {
    const { shop } = await start({ outboundTimeoutMs: 300 });
    const woo = await HangingServer.start();
    open.push(woo);
    const connected = await shop.api("PUT", "/v1/platform-connection", {
      platform: "woocommerce",
      config: { url: woo.url, consumerKey: "ck_abc123", consumerSecret: "cs_abc123" },
    });
    expect(connected.status).toBe(200);
    // WooCommerce orders are numbered: the adapter asks the shop for order 1001.
    const created = await shop.create(450, { orderRef: "1001" });
    await shop.sms(newPhone(), created.shortCode, created.smsText);
    expect((await shop.settled(created.id)).status).toBe("succeeded");
    // The client's own default is 10 s: failing well before that is the configured bound at work.
    const effect = await failedEffect(shop, "notify_platform", 5_000);
    expect(effect).toMatchObject({
      status: "pending",
      lastError: expect.stringMatching(/^WooCommerce GET orders\/1001 failed/),
    });
    expect(woo.received).toMatch(/^GET \/wp-json\/wc\/v3\/orders\/1001\?/m);
  });
});
