// The dashboard over HTTP, on a real smspay: signing in (throttled, rotated,
// signed out), CSRF and roles, refunds in two steps, the CSV export, API keys,
// settings and single sign-on from a shop's admin.

import { randomBytes } from "node:crypto";
import { newId } from "@smspay/core";
import { startWebhookReceiver, testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, TestShop } from "../test-client.ts";
import { type RunningSmspay, startSmspay } from "../test-support.ts";
import { DashboardClient } from "./dashboard-test-client.ts";

const PASSWORD = "correct horse battery staple";

/** RFC 4180 parsing, strict enough to catch bad quoting. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe.each(testDatabases())("the dashboard over HTTP on $kind", (factory) => {
  let running: RunningSmspay;
  let shop: TestShop;
  let owner: DashboardClient;
  let staff: DashboardClient;
  let ownerEmail: string;

  const user = async (merchantId: string, role: "owner" | "staff") => {
    const email = `${role}-${randomBytes(4).toString("hex")}@shop.example`;
    await running.smspay.accounts.createUser({ merchantId, email, role, password: PASSWORD });
    return email;
  };

  beforeAll(async () => {
    running = await startSmspay({ db: (await factory.open()).db });
    shop = await TestShop.open(running, "Maison Dupré");
    ownerEmail = await user(shop.merchantId, "owner");
    owner = await DashboardClient.signIn(running.baseUrl, ownerEmail, PASSWORD);
    staff = await DashboardClient.signIn(
      running.baseUrl,
      await user(shop.merchantId, "staff"),
      PASSWORD,
    );
  });
  afterAll(() => running?.close());

  describe("signing in", () => {
    it("sets an HttpOnly, SameSite=Lax session cookie and sends a signed-out browser to the sign-in page", async () => {
      const signedOut = await new DashboardClient(running.baseUrl).get(
        "/dashboard/payments?status=failed",
      );
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get("location")).toBe(
        "/dashboard/login?next=%2Fdashboard%2Fpayments%3Fstatus%3Dfailed",
      );
      const res = await fetch(`${running.baseUrl}/dashboard/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          email: ownerEmail.toUpperCase(),
          password: PASSWORD,
          next: "/dashboard/payments",
        }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/dashboard/payments");
      const cookie = res.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/^smspay_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("SameSite=Lax");
      expect(cookie).not.toContain("Secure");
    });

    it("never redirects outside the dashboard after signing in", async () => {
      const email = await user(shop.merchantId, "staff");
      const client = new DashboardClient(running.baseUrl);
      const answer = await client.form(
        "/dashboard/login",
        { email, password: PASSWORD, next: "//evil.example/dashboard" },
        { csrf: false },
      );
      expect(answer.headers.get("location")).toBe("/dashboard");
    });

    it("answers a wrong password like an unknown email, then throttles the email even for the right password", async () => {
      const email = await user(shop.merchantId, "owner");
      const client = new DashboardClient(running.baseUrl);
      const wrong = await client.form(
        "/dashboard/login",
        { email, password: "nope nope nope" },
        { csrf: false },
      );
      const unknown = await client.form(
        "/dashboard/login",
        { email: `x${email}`, password: "nope nope nope" },
        { csrf: false },
      );
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.text).toContain("Wrong email or password.");
      expect(unknown.text).toContain("Wrong email or password.");
      for (let i = 0; i < 4; i++)
        await client.form("/dashboard/login", { email, password: "still wrong!" }, { csrf: false });
      const throttled = await client.form(
        "/dashboard/login",
        { email, password: PASSWORD },
        { csrf: false },
      );
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(client.cookie).toBeUndefined();
    });

    it("gives a new session at every sign-in and ends the one the browser had", async () => {
      const email = await user(shop.merchantId, "staff");
      const client = await DashboardClient.signIn(running.baseUrl, email, PASSWORD);
      const before = client.cookie;
      await client.form("/dashboard/login", { email, password: PASSWORD }, { csrf: false });
      expect(client.cookie).not.toBe(before);
      expect((await client.get("/dashboard")).status).toBe(200);
      expect((await new DashboardClient(running.baseUrl, before).get("/dashboard")).status).toBe(
        303,
      );
    });

    it("signs out for good: the old cookie opens nothing", async () => {
      const client = await DashboardClient.signIn(
        running.baseUrl,
        await user(shop.merchantId, "staff"),
        PASSWORD,
      );
      const held = client.cookie;
      expect((await client.form("/dashboard/logout", {})).status).toBe(303);
      expect(client.cookie).toBeUndefined();
      expect((await new DashboardClient(running.baseUrl, held).get("/dashboard")).status).toBe(303);
    });
  });

  describe("guards", () => {
    it("refuses a state change without the session's token or from another site, changing nothing", async () => {
      const keys = async () =>
        (await running.smspay.deps.store.apiKeys.listForMerchant(shop.merchantId)).length;
      const count = await keys();
      const noToken = await owner.form(
        "/dashboard/api-keys",
        { name: "sneaky" },
        { csrf: "forged" },
      );
      expect(noToken.status).toBe(403);
      expect(noToken.text).toContain("forbidden");
      const crossSite = await owner.form(
        "/dashboard/api-keys",
        { name: "sneaky" },
        { origin: "https://evil.example" },
      );
      expect(crossSite.status).toBe(403);
      expect(await keys()).toBe(count);
      const json = await fetch(`${running.baseUrl}/dashboard/api-keys`, {
        method: "POST",
        headers: { cookie: owner.cookie ?? "", accept: "application/json" },
      });
      expect(json.status).toBe(403);
      expect(json.headers.get("content-type")).toContain("application/problem+json");
      expect(((await json.json()) as { code: string }).code).toBe("forbidden");
    });

    it("lets staff read everything and change nothing", async () => {
      const paid = await shop.payBySms(450);
      for (const path of [
        "/dashboard",
        "/dashboard/payments",
        `/dashboard/payments/${paid.id}`,
        "/dashboard/settings",
        "/dashboard/api-keys",
        "/dashboard/attention",
      ]) {
        expect((await staff.get(path)).status, path).toBe(200);
      }
      expect((await staff.get(`/dashboard/payments/${paid.id}`)).text).not.toContain('/refund"');
      const attempts = [
        [`/dashboard/payments/${paid.id}/refund`, { amount: "1.00" }],
        [`/dashboard/payments/${paid.id}/refunds`, { amount: "100", idempotencyKey: "x" }],
        ["/dashboard/api-keys", { name: "staff key" }],
        ["/dashboard/settings/branding", { brandColor: "#000000" }],
        ["/dashboard/settings/webhooks", { url: "https://shop.example/hook" }],
      ] as const;
      for (const [path, fields] of attempts) {
        const answer = await staff.form(path, fields);
        expect(answer.status, path).toBe(403);
      }
      expect((await shop.payment(paid.id)).refundedAmount).toBe(0);
    });
  });

  it("refunds in two steps, owners only, and a double submit refunds once", async () => {
    const paid = await shop.payByPin(1234);
    const page = await owner.get(`/dashboard/payments/${paid.id}`);
    expect(page.text).toContain(`action="/dashboard/payments/${paid.id}/refund"`);
    const tooMuch = await owner.form(`/dashboard/payments/${paid.id}/refund`, { amount: "12.35" });
    expect(tooMuch.status).toBe(422);
    const review = await owner.form(`/dashboard/payments/${paid.id}/refund`, {
      amount: "2,50",
      reason: "broken <b>mug</b>",
    });
    expect(review.status).toBe(200);
    expect(review.text).toContain("Confirm the refund");
    expect(review.text).toContain("broken &lt;b&gt;mug&lt;/b&gt;");
    expect((await shop.payment(paid.id)).refundedAmount).toBe(0);
    const fields = Object.fromEntries(
      [...review.text.matchAll(/name="(amount|reason|idempotencyKey|_csrf)" value="([^"]*)"/g)].map(
        (m) => [m[1] ?? "", (m[2] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")],
      ),
    );
    expect(fields.amount).toBe("250");
    const confirm = () =>
      owner.form(`/dashboard/payments/${paid.id}/refunds`, fields, { csrf: fields._csrf ?? "" });
    const [first, second] = await Promise.all([confirm(), confirm()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const refunds = (await shop.api("GET", `/v1/payments/${paid.id}/refunds`)).body.data;
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 250, reason: "broken <b>mug</b>" });
    await eventually(
      () => shop.payment(paid.id),
      (p) => p.refundedAmount === 250,
    );
  });

  it("exports the filtered payments as RFC 4180 CSV with spreadsheet formulas defused", async () => {
    const refs = [
      '=HYPERLINK("http://evil.example")',
      '+1 "quoted", with comma',
      "-2",
      "@SUM(A1)",
      "Crème brûlée\nline two",
    ];
    const marker = `csv-${randomBytes(3).toString("hex")}`;
    for (const ref of refs) await shop.create(450, { orderRef: `${ref} ${marker}`.trim() });
    // Starts with the formula characters only at the beginning: put the marker after them.
    const answer = await owner.get(`/dashboard/payments.csv?q=${encodeURIComponent("=HYPERLINK")}`);
    expect(answer.headers.get("content-type")).toContain("text/csv");
    expect(answer.headers.get("content-disposition")).toMatch(
      /^attachment; filename="payments-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const [header, ...rows] = parseCsv(answer.text.replace(/^\uFEFF/, ""));
    expect(header?.slice(0, 4)).toEqual(["id", "created_at", "order_ref", "status"]);
    expect(rows.map((r) => r[2])).toEqual([`'=HYPERLINK("http://evil.example") ${marker}`]);
    const all = await owner.get("/dashboard/payments.csv?status=pending");
    const orderRefs = parseCsv(all.text.replace(/^\uFEFF/, "")).map((r) => r[2]);
    expect(orderRefs).toEqual(
      expect.arrayContaining([
        `'+1 "quoted", with comma ${marker}`,
        `'-2 ${marker}`,
        `'@SUM(A1) ${marker}`,
        `Crème brûlée\nline two ${marker}`,
      ]),
    );
    expect(all.text).toContain(`"'+1 ""quoted"", with comma ${marker}"`);
  });

  it("streams every page of a large export, newest first", async () => {
    const other = await TestShop.open(running, "Grand Magasin");
    const client = await DashboardClient.signIn(
      running.baseUrl,
      await user(other.merchantId, "staff"),
      PASSWORD,
    );
    const store = running.smspay.deps.store;
    const template = await store.payments.getById((await other.create(1234)).id);
    if (!template) throw new Error("the payment just created is missing");
    // More rows than one page of the export (500).
    for (let i = 0; i < 520; i++) {
      await store.payments.insert({
        ...template,
        id: newId("pay"),
        orderRef: `bulk-${i}`,
        idempotencyKey: null,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      });
    }
    const answer = await client.get("/dashboard/payments.csv?q=bulk-");
    const rows = parseCsv(answer.text.replace(/^\uFEFF/, "")).slice(1);
    expect(rows).toHaveLength(520);
    expect(rows[0]?.[2]).toBe("bulk-519");
    expect(rows.at(-1)?.[2]).toBe("bulk-0");
    expect(new Set(rows.map((r) => r[0])).size).toBe(520);
  });

  it("creates an API key shown once, which works until it is revoked", async () => {
    const created = await owner.form("/dashboard/api-keys", { name: "Back office" });
    expect(created.status).toBe(200);
    const key = /<code class="secret" id="new-key">(sk_[a-z0-9]+)<\/code>/.exec(created.text)?.[1];
    expect(key).toBeDefined();
    const call = () =>
      fetch(`${running.baseUrl}/v1/payments?limit=1`, {
        headers: { authorization: `Bearer ${key}` },
      });
    expect((await call()).status).toBe(200);
    const list = await owner.get("/dashboard/api-keys");
    expect(list.text).not.toContain(key);
    const record = (await running.smspay.deps.store.apiKeys.listForMerchant(shop.merchantId)).find(
      (k) => k.name === "Back office",
    );
    expect(record?.lastUsedAt).not.toBeNull();
    const revoked = await owner.form(`/dashboard/api-keys/${record?.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    // The API caches a key for a few seconds.
    await eventually(call, (res) => res.status === 401);
    expect((await call()).status).toBe(401);
    expect((await owner.form(`/dashboard/api-keys/${record?.id}/revoke`, {})).status).toBe(404);
  });

  it("changes the checkout branding, refusing what the checkout could not show", async () => {
    const bad = await owner.form("/dashboard/settings/branding", {
      brandColor: "#ffff00",
      logoUrl: "",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("brandColor");
    const good = await owner.form("/dashboard/settings/branding", {
      brandColor: "#123456",
      logoUrl: "https://shop.example/logo.png",
      defaultLocale: "fr-FR",
    });
    expect(good.status).toBe(303);
    const settings = (await shop.api("GET", "/v1/checkout-settings")).body;
    expect(settings).toMatchObject({
      brandColor: "#123456",
      logoUrl: "https://shop.example/logo.png",
      defaultLocale: "fr-FR",
    });
    await owner.form("/dashboard/settings/branding", {
      brandColor: "",
      logoUrl: "",
      defaultLocale: "",
    });
    expect((await shop.api("GET", "/v1/checkout-settings")).body.brandColor).toBeNull();
  });

  it("adds a webhook endpoint showing its secret once, and deletes it", async () => {
    const added = await owner.form("/dashboard/settings/webhooks", {
      url: "https://shop.example/smspay-hook",
      events: ["payment.succeeded", "payment.refunded"],
    });
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/whsec_[A-Za-z0-9_-]{43}/);
    const endpoints = (await shop.api("GET", "/v1/webhook-endpoints")).body.data;
    const endpoint = endpoints.find(
      (e: { url: string }) => e.url === "https://shop.example/smspay-hook",
    );
    expect(endpoint.events).toEqual(["payment.succeeded", "payment.refunded"]);
    expect((await owner.get("/dashboard/settings")).text).not.toMatch(/whsec_/);
    expect(
      (await owner.form(`/dashboard/settings/webhooks/${endpoint.id}/delete`, {})).status,
    ).toBe(303);
    expect((await shop.api("GET", "/v1/webhook-endpoints")).body.data).toEqual(
      endpoints.filter((e: { id: string }) => e.id !== endpoint.id),
    );
  });

  it("sends a dead notification again from the needs-attention page", async () => {
    const receiver = await startWebhookReceiver();
    try {
      receiver.answer("/hook", 500);
      const other = await TestShop.open(running, "Quincaillerie Lenoir");
      const client = await DashboardClient.signIn(
        running.baseUrl,
        await user(other.merchantId, "owner"),
        PASSWORD,
      );
      const url = receiver.url("/hook");
      expect((await other.api("POST", "/v1/webhook-endpoints", { url })).status).toBe(201);
      await other.payBySms(450);
      const store = running.smspay.deps.store;
      const [failing] = await eventually(
        () => store.effects.list({ status: "pending", merchantId: other.merchantId, limit: 10 }),
        (effects) => effects.some((e) => e.kind === "deliver_webhook" && e.lastError !== null),
      );
      if (!failing) throw new Error("no failing delivery");
      // What the worker does after its last try: no more automatic tries.
      await store.effects.bury({ id: failing.id, error: "endpoint answered 500", at: new Date() });
      const page = await client.get("/dashboard/attention");
      expect(page.text).toContain("endpoint answered 500");
      receiver.answer("/hook", 200);
      expect((await client.form(`/dashboard/effects/${failing.id}/retry`, {})).status).toBe(303);
      await eventually(
        async () => receiver.acceptedByEvent("/hook").size,
        (accepted) => accepted === 1,
      );
      expect((await store.effects.get({ id: failing.id }))?.status).toBe("done");
      expect((await client.get("/dashboard/attention")).text).not.toContain(
        "endpoint answered 500",
      );
    } finally {
      await receiver.close();
    }
  });

  describe("single sign-on from the shop's admin", () => {
    const mint = async (body: Record<string, unknown> = {}) => {
      const answer = await shop.api("POST", "/v1/sso-tokens", body);
      expect(answer.status).toBe(201);
      return answer.body as { url: string; expiresAt: string };
    };
    const open = (url: string, cookie?: string) =>
      fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });

    it("signs the browser in once, within five minutes, where the plugin asked", async () => {
      const link = await mint({
        returnTo: "/dashboard/payments?status=succeeded",
        label: "admin@shop",
      });
      expect(new Date(link.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(5 * 60_000);
      expect(link.url).toMatch(/\/dashboard\/sso\?token=v1\./);
      const first = await open(link.url);
      expect(first.status).toBe(303);
      expect(first.headers.get("location")).toBe("/dashboard/payments?status=succeeded");
      const cookie = (first.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const client = new DashboardClient(running.baseUrl, cookie);
      const page = await client.get("/dashboard/payments");
      expect(page.status).toBe(200);
      expect(page.text).toContain("admin@shop (shop admin)");
      const replay = await open(link.url, "");
      expect(replay.status).toBe(401);
    });

    it("opens nothing for a forged, altered or expired link", async () => {
      const link = await mint({ role: "staff" });
      const token = new URL(link.url).searchParams.get("token") ?? "";
      const [, jti, expires, signature] = token.split(".");
      const forged = `v1.${jti}.${Number(expires) + 3600}.${signature}`;
      const reSigned = `v1.${jti}.${expires}.${"0".repeat(64)}`;
      for (const bad of [forged, reSigned, "v1.x.1.y", ""]) {
        const answer = await open(
          `${running.baseUrl}/dashboard/sso?token=${encodeURIComponent(bad)}`,
        );
        expect(answer.status, bad).toBe(401);
        expect(answer.headers.get("set-cookie")).toBeNull();
      }
      const staffSession = await open(link.url);
      expect(staffSession.status).toBe(303);
      const cookie = (staffSession.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const client = new DashboardClient(running.baseUrl, cookie);
      expect((await client.form("/dashboard/api-keys", { name: "via sso" })).status).toBe(403);
    });

    it("refuses a link past its five minutes", async () => {
      const link = await mint();
      const jti = (new URL(link.url).searchParams.get("token") ?? "").split(".")[1] ?? "";
      // The grant's own end is what counts, whatever the token says.
      await running.smspay.db.prisma
        .$executeRaw`UPDATE sso_tokens SET expires_at = now() - interval '1 second' WHERE jti = ${jti}`;
      expect((await open(link.url)).status).toBe(401);
    });

    it("needs the API key, and checks what the plugin asks", async () => {
      const noKey = await fetch(`${running.baseUrl}/v1/sso-tokens`, { method: "POST" });
      expect(noKey.status).toBe(401);
      const bad = await shop.api("POST", "/v1/sso-tokens", { returnTo: "https://evil.example/" });
      expect(bad.status).toBe(400);
      expect(bad.body.fields[0].path).toBe("returnTo");
    });
  });

  it("marks the session cookie Secure and __Host- when smspay is published over HTTPS", async () => {
    const secure = await startSmspay({
      db: (await factory.open()).db,
      config: { publicUrl: "https://pay.example", worker: false },
    });
    try {
      const merchant = await secure.merchant("Secure Shop");
      const email = `owner-${randomBytes(3).toString("hex")}@shop.example`;
      await secure.smspay.accounts.createUser({
        merchantId: merchant.merchantId,
        email,
        role: "owner",
        password: PASSWORD,
      });
      const res = await fetch(`${secure.baseUrl}/dashboard/login`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://pay.example",
        },
        body: new URLSearchParams({ email, password: PASSWORD }),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("set-cookie")).toMatch(
        /^__Host-smspay_session=[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure;/,
      );
    } finally {
      await secure.close();
    }
  });
});
