// What the browser journeys share: a real smspay (HTTP server, worker,
// sandbox operator) on a fresh database, a tiny shop on 127.0.0.1 that
// customers return to, headless Chromium (Debian's package, driven by
// playwright-core), axe-core for accessibility, and screenshots into
// test/artifacts/.

import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Database } from "@smspay/db";
import { type RunningSmspay, startSmspay } from "@smspay/server/testing";
import axe from "axe-core";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read loosely; assertions pin them.
export type Json = Record<string, any>;

export const CHROMIUM_PATH = "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export type Viewport = {
  readonly name: "phone" | "desktop";
  readonly context: BrowserContextOptions;
};

export const VIEWPORTS: readonly Viewport[] = [
  {
    name: "phone",
    context: {
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      userAgent:
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
    },
  },
  { name: "desktop", context: { viewport: { width: 1280, height: 800 } } },
];

export const ARTIFACTS_DIR = fileURLToPath(new URL("../artifacts/", import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS_DIR}${name}.png`, fullPage: true });
}

/** axe-core's WCAG 2.x A/AA violations on the page as it is now (rule id and the nodes). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // Injected as a script: the context bypasses the page's CSP for it (and only for it).
  if (!(await page.evaluate<boolean>(`"axe" in globalThis`)))
    await page.addScriptTag({ content: axe.source });
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  return page.evaluate<string[]>(`axe
    .run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_TAGS)} } })
    .then((result) => result.violations.map(
      (v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`);
}

/**
 * The same check for a page shown without JavaScript, where axe cannot run:
 * its DOM is copied, scripts left out, into a scripted page and checked there.
 */
export async function staticAccessibilityViolations(
  browser: Browser,
  page: Page,
): Promise<string[]> {
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, "");
  const context = await browser.newContext({ bypassCSP: true });
  try {
    const copy = await context.newPage();
    await copy.setContent(html);
    return await accessibilityViolations(copy);
  } finally {
    await context.close();
  }
}

// WCAG 2.0, 2.1 and 2.2, levels A and AA.
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** The shop customers come back to: it records where they landed. */
export type Shop = { readonly url: string; readonly visits: URL[]; close(): Promise<void> };

export async function startShop(): Promise<Shop> {
  const visits: URL[] = [];
  const server: Server = createServer((req, res) => {
    visits.push(new URL(req.url ?? "/", "http://127.0.0.1"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      '<!doctype html><html lang="en"><title>Shop</title><h1>Thanks from the shop</h1></html>',
    );
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    visits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** smspay, one merchant, and the calls a shop and a phone make. */
export type Gateway = {
  readonly smspay: RunningSmspay;
  readonly apiKey: string;
  readonly merchantId: string;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  createPayment(amount: number, extra?: Json): Promise<Json>;
  sendSms(from: string, to: string, text: string): Promise<void>;
  phoneMessages(phone: string): Promise<Json[]>;
  /** The PIN in the phone's latest PIN message. */
  pinFor(phone: string, count?: number): Promise<string>;
  close(): Promise<void>;
};

export async function startGateway(db: Database, shop: Shop): Promise<Gateway> {
  const smspay = await startSmspay({ db });
  const { apiKey, merchantId } = await smspay.merchant("Fromagerie Léa");
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const phoneMessages = async (phone: string): Promise<Json[]> => {
    const res = await fetch(
      `${smspay.baseUrl}/sandbox/phones/${encodeURIComponent(phone)}/messages`,
    );
    return ((await res.json()) as { data: Json[] }).data;
  };
  return {
    smspay,
    apiKey,
    merchantId,
    api,
    async createPayment(amount, extra = {}) {
      const res = await api("POST", "/v1/payments", {
        amount,
        currency: "EUR",
        orderRef: `A-${Math.floor(Math.random() * 1e6)}`,
        description: "Comté 18 mois, 250 g",
        returnUrl: `${shop.url}/thanks`,
        cancelUrl: `${shop.url}/cart`,
        ...extra,
      });
      if (res.status !== 201) throw new Error(`payment not created: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async sendSms(from, to, text) {
      const res = await fetch(`${smspay.baseUrl}/sandbox/sms`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from, to, text }),
      });
      if (res.status !== 202) throw new Error(`sandbox refused the SMS: ${await res.text()}`);
    },
    phoneMessages,
    async pinFor(phone, count = 1) {
      for (let i = 0; i < 250; i++) {
        const pins = (await phoneMessages(phone)).filter((m) => /\b\d{6}\b/.test(m.text));
        if (pins.length >= count) return /\b(\d{6})\b/.exec(pins.at(-1)?.text ?? "")?.[1] ?? "";
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no PIN reached ${phone}`);
    },
    close: () => smspay.close(),
  };
}

let phoneSeq = 0;
/** A fresh virtual phone per journey, so message logs never mix. */
export function newPhone(): string {
  phoneSeq += 1;
  // +33 61…: a mainland mobile range (+33 69… numbers belong to overseas departments).
  return `+3361${String(Date.now() % 100_000).padStart(5, "0")}${String(phoneSeq % 100).padStart(2, "0")}`;
}
