// A strict fake of the WooCommerce REST API v3 (the part smspay uses), on a
// real HTTP or HTTPS server on 127.0.0.1. It authenticates like WooCommerce
// (basic auth or keys in the query string over HTTPS only, OAuth 1.0a
// one-legged signatures over plain HTTP, with the 15-minute timestamp window
// and single-use nonces), validates paths, methods and parameter types, and
// answers with WordPress's error shapes ({code, message, data: {status}}).
// Where WordPress is lenient (it takes "1" for a boolean) the fake is not:
// the adapter has no reason to send anything but the documented types.

import { execFileSync } from "node:child_process";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type PlatformOrderState, parseDecimalAmount, toDecimalString } from "@smspay/core";

const ORDER_STATUSES = [
  "pending",
  "processing",
  "on-hold",
  "completed",
  "cancelled",
  "refunded",
  "failed",
  "trash",
  "checkout-draft",
] as const;
// woocommerce_valid_order_statuses_for_payment_complete
const PAYABLE_STATUSES = new Set(["on-hold", "pending", "failed", "cancelled"]);
const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: "Pending payment",
  processing: "Processing",
  "on-hold": "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
  refunded: "Refunded",
  failed: "Failed",
  trash: "Trash",
  "checkout-draft": "Draft",
};
const OAUTH_WINDOW_S = 15 * 60;

type Meta = { id: number; key: string; value: unknown };
type Note = { id: number; note: string; customerNote: boolean; bySystem: boolean; at: string };
type Refund = {
  id: number;
  amount: number;
  reason: string;
  refundedPayment: boolean;
  meta: Meta[];
  at: string;
};
type Order = {
  id: number;
  status: string;
  currency: string;
  total: number;
  paymentMethod: string;
  transactionId: string;
  datePaid: string | null;
  meta: Meta[];
  notes: Note[];
  refunds: Refund[];
  timesMarkedPaid: number;
  gatewayRefunds: number;
  createdAt: string;
};

export type FakeWooOrderView = {
  readonly state: PlatformOrderState;
  readonly status: string;
  readonly timesMarkedPaid: number;
  readonly refundedAmount: number;
  readonly gatewayRefunds: number;
  readonly transactionId: string | null;
  readonly notes: readonly string[];
};

export type AuthMode = "basic" | "query" | "oauth1";

export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  /** Path and query as sent (OAuth parameters included). */
  readonly url: string;
  readonly auth: AuthMode | "none";
  readonly status: number;
};

class WpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(status: number, code: string, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.data = data;
  }
}

export class FakeWooCommerce {
  readonly consumerKey = `ck_${randomBytes(20).toString("hex")}`;
  readonly consumerSecret = `cs_${randomBytes(20).toString("hex")}`;
  readonly requests: RecordedRequest[] = [];
  readonly #server: HttpServer | HttpsServer;
  readonly #tls: boolean;
  readonly #orders = new Map<number, Order>();
  readonly #usedNonces = new Set<string>();
  #baseUrl = "";
  #nextId = 1001;
  #failures = 0;

  private constructor(tls: { key: string; cert: string } | undefined) {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      this.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, { code: "internal", message: String(error) });
      });
    };
    this.#server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
    this.#tls = tls !== undefined;
  }

  /** `tls`: serve HTTPS with this key and certificate (see createTestCertificate). */
  static async start(
    options: { tls?: { key: string; cert: string } } = {},
  ): Promise<FakeWooCommerce> {
    const fake = new FakeWooCommerce(options.tls);
    fake.#server.listen(0, "127.0.0.1");
    await once(fake.#server, "listening");
    const { port } = fake.#server.address() as AddressInfo;
    fake.#baseUrl = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
    return fake;
  }

  /** The shop's home URL (the REST API is under /wp-json/wc/v3). */
  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** An order awaiting payment by SMS, as the PHP plugin leaves it at checkout. */
  createOrder(input: {
    amount: number;
    currency: string;
    status?: string;
    paymentMethod?: string;
    paymentId?: string;
  }): string {
    const id = this.#nextId++;
    const at = new Date().toISOString();
    this.#orders.set(id, {
      id,
      status: input.status ?? "pending",
      currency: input.currency,
      total: input.amount,
      paymentMethod: input.paymentMethod ?? "smspay",
      transactionId: "",
      datePaid: null,
      meta: input.paymentId
        ? [{ id: this.#nextId++, key: "_smspay_payment_id", value: input.paymentId }]
        : [],
      notes: [],
      refunds: [],
      timesMarkedPaid: 0,
      gatewayRefunds: 0,
      createdAt: at,
    });
    return String(id);
  }

  /** Order meta as the PHP plugin saves it on the shop's side (e.g. _smspay_payment_id). */
  setMeta(orderRef: string, key: string, value: string): void {
    const order = this.#orders.get(Number(orderRef));
    if (!order) throw new Error(`the fake has no order ${orderRef}`);
    upsertMeta(order.meta, key, value, () => this.#nextId++);
  }

  inspect(orderRef: string): FakeWooOrderView {
    const order = this.#orders.get(Number(orderRef));
    if (!order) throw new Error(`the fake has no order ${orderRef}`);
    const refunded = order.refunds.reduce((sum, r) => sum + r.amount, 0);
    return {
      state: stateOf(order, refunded),
      status: order.status,
      timesMarkedPaid: order.timesMarkedPaid,
      refundedAmount: refunded,
      gatewayRefunds: order.gatewayRefunds,
      transactionId: order.transactionId || null,
      notes: order.notes.filter((n) => !n.bySystem).map((n) => n.note),
    };
  }

  /** The next `count` requests answer 503, as a shop's host does during an outage. */
  failNext(count: number): void {
    this.#failures = count;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, "close");
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    let auth: AuthMode | "none" = "none";
    let status = 200;
    try {
      if (this.#failures > 0) {
        this.#failures -= 1;
        status = 503;
        res.writeHead(503, { "content-type": "text/html" }).end("<h1>503 Service Unavailable</h1>");
        return;
      }
      auth = this.#authenticate(method, url, req.headers.authorization);
      const { status: s, body } = this.#route(method, url, raw, auth);
      status = s;
      send(res, s, body);
    } catch (error) {
      if (!(error instanceof WpError)) throw error;
      status = error.status;
      send(res, error.status, {
        code: error.code,
        message: error.message,
        data: { status: error.status, ...error.data },
      });
    } finally {
      this.requests.push({ method, path: url.pathname, url: req.url ?? "/", auth, status });
    }
  }

  /** WC_REST_Authentication: basic (or query keys) when is_ssl(), else OAuth 1.0a. */
  #authenticate(method: string, url: URL, header: string | undefined): AuthMode | "none" {
    if (this.#tls) {
      const queryKey = url.searchParams.get("consumer_key");
      const querySecret = url.searchParams.get("consumer_secret");
      let key: string | undefined;
      let secret: string | undefined;
      let mode: AuthMode = "query";
      if (queryKey && querySecret) {
        key = queryKey;
        secret = querySecret;
      } else if (header?.startsWith("Basic ")) {
        const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        key = decoded.slice(0, colon);
        secret = decoded.slice(colon + 1);
        mode = "basic";
      }
      if (key && secret && key === this.consumerKey) {
        if (!safeEqual(secret, this.consumerSecret)) {
          throw new WpError(
            401,
            "woocommerce_rest_authentication_error",
            "Consumer secret is invalid.",
          );
        }
        return mode;
      }
    }
    return this.#oauth(method, url);
  }

  #oauth(method: string, url: URL): AuthMode | "none" {
    const params = new Map<string, string>();
    for (const [k, v] of url.searchParams) params.set(k, v);
    const required = [
      "oauth_consumer_key",
      "oauth_timestamp",
      "oauth_nonce",
      "oauth_signature",
      "oauth_signature_method",
    ];
    const missing = required.filter((name) => !params.get(name));
    if (missing.length === required.length) return "none";
    if (missing.length > 0) {
      throw new WpError(
        401,
        "woocommerce_rest_authentication_missing_parameter",
        `Missing OAuth parameter${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`,
      );
    }
    if (params.get("oauth_consumer_key") !== this.consumerKey) {
      throw new WpError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
    }
    const signatureMethod = params.get("oauth_signature_method");
    if (signatureMethod !== "HMAC-SHA1" && signatureMethod !== "HMAC-SHA256") {
      throw new WpError(
        401,
        "woocommerce_rest_authentication_error",
        "Invalid signature - signature method is invalid.",
      );
    }
    const given = (params.get("oauth_signature") ?? "").replaceAll(" ", "+");
    params.delete("oauth_signature");
    const normalized = [...params]
      .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const base = `${method.toUpperCase()}&${rfc3986(`${this.baseUrl}${url.pathname}`)}&${rfc3986(normalized)}`;
    const expected = createHmac(
      signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256",
      `${this.consumerSecret}&`,
    )
      .update(base)
      .digest("base64");
    if (!safeEqual(given, expected)) {
      throw new WpError(
        401,
        "woocommerce_rest_authentication_error",
        "Invalid signature - provided signature does not match.",
      );
    }
    const timestamp = Number(params.get("oauth_timestamp"));
    if (!(Math.abs(Date.now() / 1000 - timestamp) <= OAUTH_WINDOW_S)) {
      throw new WpError(401, "woocommerce_rest_authentication_error", "Invalid timestamp.");
    }
    const nonce = params.get("oauth_nonce") ?? "";
    if (this.#usedNonces.has(nonce)) {
      throw new WpError(
        401,
        "woocommerce_rest_authentication_error",
        "Invalid nonce - nonce has already been used.",
      );
    }
    this.#usedNonces.add(nonce);
    return "oauth1";
  }

  #route(
    method: string,
    url: URL,
    raw: string,
    auth: AuthMode | "none",
  ): { status: number; body: unknown } {
    const match = /^\/wp-json\/wc\/v3\/orders\/(\d+)(?:\/(notes|refunds))?\/?$/.exec(url.pathname);
    const editable = method === "POST" || method === "PUT" || method === "PATCH";
    const resource = match?.[2] ?? "order";
    const allowed =
      resource === "order" ? method === "GET" || editable : method === "GET" || method === "POST";
    if (!match || !allowed) {
      throw new WpError(
        404,
        "rest_no_route",
        "No route was found matching the URL and request method.",
      );
    }
    if (auth === "none") throw unauthenticated(method, resource);
    const body = editable ? parseJson(raw) : {};
    const order = this.#orders.get(Number(match[1]));
    if (!order) {
      if (resource === "order")
        throw new WpError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      throw new WpError(404, "woocommerce_rest_invalid_order_id", "Invalid order ID.");
    }
    if (resource === "order") {
      if (method !== "GET") this.#updateOrder(order, body);
      return { status: 200, body: orderJson(order) };
    }
    if (resource === "notes") {
      if (method === "GET") return { status: 200, body: this.#listNotes(order, url) };
      return { status: 201, body: noteJson(this.#addNote(order, body)) };
    }
    if (method === "GET") return { status: 200, body: listRefunds(order, url) };
    return { status: 201, body: refundJson(order, this.#createRefund(order, body)) };
  }

  #updateOrder(order: Order, body: Record<string, unknown>): void {
    const status = optional(body, "status", "string");
    if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) {
      throw invalidParam("status", `status is not one of ${ORDER_STATUSES.join(", ")}.`);
    }
    const setPaid = optional(body, "set_paid", "boolean");
    const transactionId = optional(body, "transaction_id", "string");
    const metaData = metaDataParam(body);
    if (transactionId !== undefined && setPaid !== true) order.transactionId = transactionId;
    for (const { key, value } of metaData) upsertMeta(order.meta, key, value, () => this.#nextId++);
    if (status !== undefined) this.#setStatus(order, status);
    if (setPaid === true) {
      // Counted on every request: an adapter that does not read first shows here.
      order.timesMarkedPaid += 1;
      if (PAYABLE_STATUSES.has(order.status)) {
        // WC_Order::payment_complete()
        if (transactionId) order.transactionId = transactionId;
        order.datePaid = new Date().toISOString();
        this.#setStatus(order, "processing");
      }
    }
  }

  #setStatus(order: Order, status: string): void {
    if (order.status === status) return;
    this.#systemNote(
      order,
      `Order status changed from ${STATUS_LABELS[order.status] ?? order.status} to ${STATUS_LABELS[status] ?? status}.`,
    );
    order.status = status;
  }

  #systemNote(order: Order, note: string): void {
    order.notes.push({ id: this.#nextId++, note, customerNote: false, bySystem: true, at: now() });
  }

  #listNotes(order: Order, url: URL): unknown[] {
    const type = url.searchParams.get("type") ?? "any";
    if (!["any", "customer", "internal"].includes(type)) {
      throw invalidParam("type", "type is not one of any, customer, and internal.");
    }
    return order.notes
      .filter((n) => type === "any" || (type === "customer") === n.customerNote)
      .toReversed()
      .map(noteJson);
  }

  #addNote(order: Order, body: Record<string, unknown>): Note {
    if (!("note" in body)) {
      throw new WpError(400, "rest_missing_callback_param", "Missing parameter(s): note", {
        params: ["note"],
      });
    }
    const text = optional(body, "note", "string") ?? "";
    const customerNote = optional(body, "customer_note", "boolean") ?? false;
    optional(body, "added_by_user", "boolean");
    if (text.trim() === "") {
      throw new WpError(
        400,
        "woocommerce_rest_invalid_order_note",
        "Cannot create order note, please try again.",
      );
    }
    const note = { id: this.#nextId++, note: text, customerNote, bySystem: false, at: now() };
    order.notes.push(note);
    return note;
  }

  #createRefund(order: Order, body: Record<string, unknown>): Refund {
    const amountText = optional(body, "amount", "string") ?? "0";
    const reason = optional(body, "reason", "string") ?? "";
    // api_refund defaults to true: WooCommerce then asks the gateway to refund again.
    const apiRefund = optional(body, "api_refund", "boolean") ?? true;
    const metaData = metaDataParam(body);
    const amount = parseDecimalAmount(amountText, order.currency);
    const left = order.total - order.refunds.reduce((sum, r) => sum + r.amount, 0);
    if (amount === undefined || amount <= 0 || amount > left) {
      throw new WpError(
        500,
        "woocommerce_rest_cannot_create_order_refund",
        "Invalid refund amount.",
      );
    }
    if (apiRefund) order.gatewayRefunds += 1;
    const refund: Refund = {
      id: this.#nextId++,
      amount,
      reason,
      refundedPayment: apiRefund,
      meta: [],
      at: now(),
    };
    for (const { key, value } of metaData)
      upsertMeta(refund.meta, key, value, () => this.#nextId++);
    order.refunds.push(refund);
    // wc_order_fully_refunded
    if (amount === left) this.#setStatus(order, "refunded");
    return refund;
  }
}

/** A throwaway self-signed certificate for 127.0.0.1 (needs the openssl command). */
export function createTestCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-woo-tls-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(path.join(dir, "key.pem"), "utf8"),
      cert: readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function stateOf(order: Order, refunded: number): PlatformOrderState {
  switch (order.status) {
    case "refunded":
      return "refunded";
    case "failed":
      return "failed";
    case "cancelled":
      return "cancelled";
    case "processing":
    case "completed":
      return refunded > 0 ? "partially_refunded" : "paid";
    default:
      return "awaiting_payment";
  }
}

function unauthenticated(method: string, resource: string): WpError {
  if (method === "GET") {
    const message =
      resource === "order"
        ? "Sorry, you cannot view this resource."
        : "Sorry, you cannot list resources.";
    return new WpError(401, "woocommerce_rest_cannot_view", message);
  }
  if (resource === "order") {
    return new WpError(
      401,
      "woocommerce_rest_cannot_edit",
      "Sorry, you are not allowed to edit this resource.",
    );
  }
  return new WpError(
    401,
    "woocommerce_rest_cannot_create",
    "Sorry, you are not allowed to create resources.",
  );
}

function invalidParam(name: string, message: string): WpError {
  return new WpError(400, "rest_invalid_param", `Invalid parameter(s): ${name}`, {
    params: { [name]: message },
  });
}

function optional(body: Record<string, unknown>, name: string, type: "string"): string | undefined;
function optional(
  body: Record<string, unknown>,
  name: string,
  type: "boolean",
): boolean | undefined;
function optional(
  body: Record<string, unknown>,
  name: string,
  type: "string" | "boolean",
): string | boolean | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw invalidParam(name, `${name} is not of type ${type}.`);
  return value as string | boolean;
}

function metaDataParam(body: Record<string, unknown>): { key: string; value: unknown }[] {
  const value = body.meta_data;
  if (value === undefined) return [];
  const valid =
    Array.isArray(value) &&
    value.every(
      (m) =>
        typeof m === "object" && m !== null && typeof (m as { key?: unknown }).key === "string",
    );
  if (!valid) throw invalidParam("meta_data", "meta_data[0] is not of type object.");
  return value as { key: string; value: unknown }[];
}

function upsertMeta(meta: Meta[], key: string, value: unknown, nextId: () => number): void {
  const existing = meta.find((m) => m.key === key);
  if (existing) existing.value = value;
  else meta.push({ id: nextId(), key, value });
}

function parseJson(raw: string): Record<string, unknown> {
  if (raw === "") return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // answered below, as WordPress does
  }
  throw new WpError(400, "rest_invalid_json", "Invalid JSON body passed.");
}

function money(amount: number, currency: string): string {
  return toDecimalString({ amount, currency });
}

function orderJson(order: Order) {
  return {
    id: order.id,
    parent_id: 0,
    status: order.status,
    currency: order.currency,
    date_created: order.createdAt,
    date_paid: order.datePaid,
    total: money(order.total, order.currency),
    payment_method: order.paymentMethod,
    payment_method_title: order.paymentMethod === "smspay" ? "Pay by SMS" : order.paymentMethod,
    transaction_id: order.transactionId,
    meta_data: order.meta,
    refunds: order.refunds.map((r) => ({
      id: r.id,
      reason: r.reason,
      total: `-${money(r.amount, order.currency)}`,
    })),
  };
}

function noteJson(note: Note) {
  return {
    id: note.id,
    author: note.bySystem ? "system" : "WooCommerce",
    date_created: note.at,
    note: note.note,
    customer_note: note.customerNote,
  };
}

function listRefunds(order: Order, url: URL): unknown[] {
  const perPage = Number(url.searchParams.get("per_page") ?? "10");
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    throw invalidParam("per_page", "per_page must be between 1 (inclusive) and 100 (inclusive)");
  }
  // Newest first, one page: WordPress collections default to 10 items.
  return order.refunds
    .toReversed()
    .slice(0, perPage)
    .map((r) => refundJson(order, r));
}

function refundJson(order: Order, refund: Refund) {
  return {
    id: refund.id,
    date_created: refund.at,
    amount: money(refund.amount, order.currency),
    reason: refund.reason,
    refunded_by: 1,
    refunded_payment: refund.refundedPayment,
    meta_data: refund.meta,
    line_items: [],
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** RFC 3986 percent-encoding, as OAuth 1.0a signs. */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function now(): string {
  return new Date().toISOString();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { "content-type": "application/json; charset=UTF-8" })
    .end(JSON.stringify(body));
}
