// A merchant's and a customer's side of a running smspay, for end-to-end tests
// over real HTTP (refunds, disputes, settlement, reconciliation).

import { expect } from "vitest";
import type { RunningSmspay } from "./test-support.ts";

// Responses are read loosely on purpose: the assertions pin their shapes.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = Record<string, any>;

export type ApiAnswer = { status: number; type: string; body: Json; headers: Headers };

/**
 * Polls until `check` passes (the worker and receipts are asynchronous), for
 * up to about 15 s: a machine running the whole suite can be slow.
 */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  return read();
}

let phoneSeq = 0;

/** A fresh virtual phone per call, so message logs never mix between tests. */
export function newPhone(): string {
  phoneSeq += 1;
  // +33 61x xx xx xx: every number of that block is a valid French mobile
  // (other 06 blocks hold unassigned ranges that phone validation refuses).
  return `+3361${String((process.pid * 1_000 + phoneSeq) % 10_000_000).padStart(7, "0")}`;
}

export class TestShop {
  readonly smspay: RunningSmspay;
  readonly merchantId: string;
  readonly apiKey: string;

  constructor(smspay: RunningSmspay, merchant: { merchantId: string; apiKey: string }) {
    this.smspay = smspay;
    this.merchantId = merchant.merchantId;
    this.apiKey = merchant.apiKey;
  }

  static async open(smspay: RunningSmspay, name = "Maison Lumière"): Promise<TestShop> {
    return new TestShop(smspay, await smspay.merchant(name));
  }

  async api(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiAnswer> {
    const text = typeof body === "string";
    const res = await fetch(`${this.smspay.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { "content-type": text ? "text/csv" : "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: text ? body : JSON.stringify(body) }),
    });
    const answer = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type") ?? "",
      body: (answer ? JSON.parse(answer) : null) as Json,
      headers: res.headers,
    };
  }

  async payment(id: string): Promise<Json> {
    return (await this.api("GET", `/v1/payments/${id}`)).body;
  }

  /** Creates a payment and pays it by SMS from `phone`; resolves once it is final. */
  async payBySms(amount: number, phone = newPhone()): Promise<Json> {
    const created = await this.create(amount);
    expect(created.flow).toBe("shortcode");
    await this.sms(phone, created.shortCode, created.smsText);
    return this.settled(created.id);
  }

  /** Creates a payment no short code carries and pays it with the PIN sent to `phone`. */
  async payByPin(amount: number, phone = newPhone(), extra: Json = {}): Promise<Json> {
    const created = await this.create(amount, extra);
    expect(created.flow).toBe("otp");
    const pinUrl = `${this.smspay.baseUrl}/pay/${created.id}/pin`;
    const sent = await postJson(pinUrl, { phone });
    expect(sent.status).toBe(200);
    const messages = await eventually(
      () => this.phoneMessages(phone),
      (m) => m.some((message) => /\b\d{6}\b/.test(message.text)),
    );
    const pin = messages.map((m) => /\b(\d{6})\b/.exec(m.text)?.[1]).find(Boolean);
    expect((await postJson(`${pinUrl}/verify`, { pin })).status).toBe(200);
    return this.settled(created.id);
  }

  async create(amount: number, extra: Json = {}): Promise<Json> {
    const created = await this.api("POST", "/v1/payments", {
      amount,
      currency: "EUR",
      orderRef: `order-${Math.random().toString(36).slice(2)}`,
      returnUrl: "https://shop.example/thanks",
      ...extra,
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  async sms(from: string, to: string, text: string): Promise<void> {
    const res = await postJson(`${this.smspay.baseUrl}/sandbox/sms`, { from, to, text });
    expect(res.status).toBe(202);
  }

  async phoneMessages(phone: string): Promise<Json[]> {
    const res = await fetch(
      `${this.smspay.baseUrl}/sandbox/phones/${encodeURIComponent(phone)}/messages`,
    );
    return ((await res.json()) as { data: Json[] }).data;
  }

  async settled(id: string): Promise<Json> {
    return eventually(
      () => this.payment(id),
      (p) => !["pending", "processing"].includes(p.status),
    );
  }

  async eventTypes(id: string): Promise<string[]> {
    const events = await this.api("GET", `/v1/payments/${id}/events`);
    return events.body.data.map((e: Json) => e.type);
  }
}

async function postJson(url: string, body: unknown): Promise<{ status: number }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return { status: res.status };
}
