// A strict fake of the parts of Shopify a payments app talks to, on a real
// HTTP server on 127.0.0.1, built from Shopify's documentation:
// - OAuth: the authorize redirect (checks client_id, scopes, redirect_uri,
//   state; answers with code, shop, state, timestamp and the hex HMAC of the
//   sorted query) and POST /admin/oauth/access_token (one-time codes,
//   client secret checked).
// - The Payments Apps GraphQL API at /payments_apps/api/{version}/graphql.json:
//   known versions only (404 otherwise), a valid X-Shopify-Access-Token
//   (401), known mutations only (GraphQL error otherwise), arguments of the
//   documented names and shapes (rejection codes of the version), and the
//   documented state rules (resolve then reject fails, a repeated resolve
//   succeeds...). `failNext` makes it answer 503.
// - Shopify's own requests: payment, refund, capture and void sessions to
//   the app, and webhooks signed with the app secret.
// Shops live under http://127.0.0.1:port/shops/{shop} (see `origin`).

import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

// Stable Payments Apps API versions the fake serves (Shopify's supported list).
const SERVED_VERSIONS = ["2025-10", "2026-01", "2026-04", "2026-07", "2026-10"];
const BASE_REJECTIONS = [
  "PROCESSING_ERROR",
  "RISKY",
  "AUTHENTICATION_FAILED",
  "CONFIRMATION_REJECTED",
  "CARD_DECLINED",
  "EXPIRED_CARD",
  "INCORRECT_ADDRESS",
  "INCORRECT_CVC",
  "INCORRECT_NUMBER",
  "INCORRECT_PIN",
  "INCORRECT_ZIP",
  "INVALID_CVC",
  "INVALID_EXPIRY_DATE",
  "INVALID_NUMBER",
];
// PaymentSessionStateRejectedReason values added in 2026-04.
const REJECTIONS_2026_04 = [
  "AMOUNT_TOO_LARGE",
  "AMOUNT_TOO_SMALL",
  "AUTHENTICATION_REQUIRED",
  "CALL_ISSUER",
  "CANCELLED_PAYMENT",
  "CARD_TESTING",
  "DO_NOT_HONOR",
  "FRAUD_SUSPECTED",
  "HIGH_RISK_FRAUD_SUSPECTED",
  "INSTRUMENT_DECLINED",
  "INSUFFICIENT_FUNDS",
  "INVALID_AMOUNT",
  "INVALID_CURRENCY",
  "INVALID_PAYMENT_METHOD",
  "INVALID_PURCHASE_TYPE",
  "INVALID_REQUEST",
  "MERCHANT_ACCOUNT_ERROR",
  "MERCHANT_RULE",
  "PAYMENT_METHOD_UNSUPPORTED",
  "PICK_UP_CARD",
  "RETRY_DECLINED",
  "TRANSACTION_LIMIT_EXCEEDED",
];
const PENDING_REASONS = [
  "BUYER_ACTION_REQUIRED",
  "NETWORK_ACTION_REQUIRED",
  "PARTNER_ACTION_REQUIRED",
];

type SessionKind = "PaymentSession" | "RefundSession" | "CaptureSession" | "VoidSession";
type SessionState = "open" | "resolved" | "rejected" | "pending";

export type FakeSession = {
  readonly shop: string;
  readonly id: string;
  readonly gid: string;
  readonly kind: SessionKind;
  readonly amount: string | null;
  readonly currency: string | null;
  /** The payment session a refund/capture/void is about. */
  readonly paymentId: string | null;
  state: SessionState;
  /** Mutations that changed the state (a repeated resolve does not count). */
  transitions: number;
  /** The networkTransactionId given when the session was resolved. */
  transactionId: string | null;
  rejection: { code: string; merchantMessage: string | null } | null;
  pendingExpiresAt: string | null;
};

export type FakeCall = {
  readonly shop: string;
  readonly version: string;
  readonly mutation: string;
  readonly variables: Record<string, unknown>;
  readonly status: number;
};

type Mutation = {
  /** The argument names the field takes (all must be passed as variables). */
  readonly args: readonly string[];
  readonly session: SessionKind | null;
  readonly target: "resolve" | "reject" | "pending" | "configure";
  readonly payload: string;
};

const MUTATIONS: Readonly<Record<string, Mutation>> = {
  paymentSessionResolve: {
    args: ["id", "networkTransactionId"],
    session: "PaymentSession",
    target: "resolve",
    payload: "paymentSession",
  },
  paymentSessionReject: {
    args: ["id", "reason"],
    session: "PaymentSession",
    target: "reject",
    payload: "paymentSession",
  },
  paymentSessionPending: {
    args: ["id", "pendingExpiresAt", "reason"],
    session: "PaymentSession",
    target: "pending",
    payload: "paymentSession",
  },
  refundSessionResolve: {
    args: ["id"],
    session: "RefundSession",
    target: "resolve",
    payload: "refundSession",
  },
  refundSessionReject: {
    args: ["id", "reason"],
    session: "RefundSession",
    target: "reject",
    payload: "refundSession",
  },
  captureSessionResolve: {
    args: ["id"],
    session: "CaptureSession",
    target: "resolve",
    payload: "captureSession",
  },
  captureSessionReject: {
    args: ["id", "reason"],
    session: "CaptureSession",
    target: "reject",
    payload: "captureSession",
  },
  voidSessionResolve: {
    args: ["id"],
    session: "VoidSession",
    target: "resolve",
    payload: "voidSession",
  },
  voidSessionReject: {
    args: ["id", "reason"],
    session: "VoidSession",
    target: "reject",
    payload: "voidSession",
  },
  paymentsAppConfigure: {
    args: ["externalHandle", "ready"],
    session: null,
    target: "configure",
    payload: "paymentsAppConfiguration",
  },
};

export type FakeShopifyOptions = {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The app's URL: OAuth redirects must point under it; session requests go to it. */
  readonly appUrl: string;
  readonly scopes: readonly string[];
};

export class FakeShopify {
  readonly url: string;
  readonly calls: FakeCall[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly configurations = new Map<string, { externalHandle: string | null; ready: boolean }>();
  readonly #server: Server;
  readonly #options: FakeShopifyOptions;
  readonly #codes = new Map<string, string>();
  readonly #tokens = new Map<string, string>();
  #failNext = 0;
  #seq = 0;

  private constructor(server: Server, url: string, options: FakeShopifyOptions) {
    this.#server = server;
    this.url = url;
    this.#options = options;
  }

  static async start(options: FakeShopifyOptions): Promise<FakeShopify> {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const fake = new FakeShopify(server, `http://127.0.0.1:${port}`, options);
    server.on("request", (req, res) => {
      fake.#handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    return fake;
  }

  /** Where the app reaches a shop's APIs (the app's `origin` option). */
  readonly origin = (shop: string): string => `${this.url}/shops/${shop}`;

  /** The next `count` API calls answer 503 (an outage). */
  failNext(count: number): void {
    this.#failNext = count;
  }

  /** A token for `shop` without going through OAuth (adapter contract fixtures). */
  issueToken(shop: string): string {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    this.#tokens.set(token, shop);
    return token;
  }

  /** The shop uninstalled the app: its token stops working. */
  revokeTokens(shop: string): void {
    for (const [token, owner] of this.#tokens) if (owner === shop) this.#tokens.delete(token);
  }

  session(gid: string): FakeSession | undefined {
    return this.sessions.get(gid);
  }

  /** Effective calls of a mutation (status 200) for a session. */
  callsFor(gid: string, mutation?: string): FakeCall[] {
    return this.calls.filter(
      (c) => c.status === 200 && c.variables.id === gid && (!mutation || c.mutation === mutation),
    );
  }

  /** Opens a payment session the way checkout does before calling the app. */
  openPaymentSession(shop: string, input: { amount: string; currency: string }): FakeSession {
    const id = `ps${++this.#seq}${randomBytes(4).toString("hex")}`;
    return this.#open(shop, "PaymentSession", id, {
      amount: input.amount,
      currency: input.currency,
      paymentId: null,
    });
  }

  /** Shopify asks the app for a payment (the payment_session_url). */
  async requestPayment(
    shop: string,
    input: {
      amount: string;
      currency: string;
      test?: boolean;
      kind?: "sale" | "authorization";
      customer?: Record<string, unknown> | null;
      version?: string;
      session?: FakeSession;
    },
  ): Promise<{
    status: number;
    body: unknown;
    session: FakeSession;
    request: Record<string, unknown>;
  }> {
    const session = input.session ?? this.openPaymentSession(shop, input);
    const request = {
      id: session.id,
      gid: session.gid,
      group: randomBytes(24).toString("base64"),
      session_id: randomBytes(24).toString("base64"),
      amount: input.amount,
      currency: input.currency,
      test: input.test ?? false,
      merchant_locale: "fr",
      kind: input.kind ?? "sale",
      proposed_at: new Date().toISOString(),
      payment_method: {
        type: "offsite",
        data: { cancel_url: `https://${shop}/checkouts/c/${session.id}/payment` },
      },
      customer:
        input.customer === undefined
          ? { email: "buyer@example.com", phone_number: null, locale: "fr" }
          : input.customer,
    };
    const { status, body } = await this.#send(
      shop,
      "/shopify/payment-sessions",
      request,
      input.version,
    );
    return { status, body, session, request };
  }

  /** The same request again (Shopify's retry), byte for byte. */
  async resendPayment(shop: string, request: Record<string, unknown>, version?: string) {
    return this.#send(shop, "/shopify/payment-sessions", request, version);
  }

  async requestRefund(shop: string, payment: FakeSession, amount: string, version?: string) {
    const session = this.#open(shop, "RefundSession", `rs${++this.#seq}`, {
      amount,
      currency: payment.currency,
      paymentId: payment.id,
    });
    const request = {
      id: session.id,
      gid: session.gid,
      payment_id: payment.id,
      amount,
      currency: payment.currency,
      test: false,
      merchant_locale: "fr",
      proposed_at: new Date().toISOString(),
    };
    return {
      session,
      request,
      ...(await this.#send(shop, "/shopify/refund-sessions", request, version)),
    };
  }

  async requestCapture(shop: string, payment: FakeSession, amount: string, version?: string) {
    const session = this.#open(shop, "CaptureSession", `cs${++this.#seq}`, {
      amount,
      currency: payment.currency,
      paymentId: payment.id,
    });
    const request = {
      id: session.id,
      gid: session.gid,
      payment_id: payment.id,
      amount,
      currency: payment.currency,
      proposed_at: new Date().toISOString(),
    };
    return { session, ...(await this.#send(shop, "/shopify/capture-sessions", request, version)) };
  }

  async requestVoid(shop: string, payment: FakeSession, version?: string) {
    const session = this.#open(shop, "VoidSession", `vs${++this.#seq}`, {
      amount: null,
      currency: null,
      paymentId: payment.id,
    });
    const request = {
      id: session.id,
      gid: session.gid,
      payment_id: payment.id,
      proposed_at: new Date().toISOString(),
    };
    return { session, ...(await this.#send(shop, "/shopify/void-sessions", request, version)) };
  }

  /** Delivers a webhook signed with the app secret (or `secret`, to forge one). */
  async webhook(
    topic: string,
    shop: string,
    payload: unknown,
    options: { secret?: string } = {},
  ): Promise<number> {
    const body = JSON.stringify(payload);
    const hmac = createHmac("sha256", options.secret ?? this.#options.apiSecret)
      .update(body)
      .digest("base64");
    const res = await fetch(`${this.#options.appUrl}/shopify/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": topic,
        "x-shopify-hmac-sha256": hmac,
        "x-shopify-shop-domain": shop,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomBytes(8).toString("hex"),
      },
      body,
    });
    await res.arrayBuffer();
    return res.status;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
  }

  #open(
    shop: string,
    kind: SessionKind,
    id: string,
    money: { amount: string | null; currency: string | null; paymentId: string | null },
  ): FakeSession {
    const session: FakeSession = {
      shop,
      id,
      gid: `gid://shopify/${kind}/${id}`,
      kind,
      ...money,
      state: "open",
      transitions: 0,
      transactionId: null,
      rejection: null,
      pendingExpiresAt: null,
    };
    this.sessions.set(session.gid, session);
    return session;
  }

  async #send(shop: string, path: string, body: unknown, version = "2026-10") {
    const res = await fetch(`${this.#options.appUrl}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "shopify-shop-domain": shop,
        "shopify-request-id": randomBytes(16).toString("hex"),
        "shopify-api-version": version,
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const match = /^\/shops\/([a-z0-9-]+\.myshopify\.com)(\/.*)$/.exec(url.pathname);
    if (!match?.[1] || !match[2]) {
      send(res, 404, { errors: "Not Found" });
      return;
    }
    const [shop, path] = [match[1], match[2]];
    if (req.method === "GET" && path === "/admin/oauth/authorize")
      return this.#authorize(shop, url, res);
    const body = await readBody(req);
    if (req.method === "POST" && path === "/admin/oauth/access_token")
      return this.#token(shop, body, res);
    const graphql = /^\/payments_apps\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (req.method === "POST" && graphql?.[1]) {
      this.#graphql(shop, graphql[1], req.headers["x-shopify-access-token"], body, res);
      return;
    }
    send(res, 404, { errors: "Not Found" });
  }

  #authorize(shop: string, url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri") ?? "";
    const problems = [
      q.get("client_id") !== this.#options.apiKey && "unknown client_id",
      q.get("scope") !== this.#options.scopes.join(",") && "scopes differ from the app's",
      redirectUri !== `${this.#options.appUrl}/shopify/auth/callback` && "redirect_uri not allowed",
      !q.get("state") && "no state",
    ].filter(Boolean);
    if (problems.length > 0) {
      send(res, 400, { errors: problems });
      return;
    }
    const code = randomBytes(12).toString("hex");
    this.#codes.set(code, shop);
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64"),
      shop,
      state: q.get("state") ?? "",
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    const query = new URLSearchParams(
      Object.keys(params)
        .sort((a, b) => a.localeCompare(b))
        .map((key): [string, string] => [key, params[key] ?? ""]),
    );
    const hmac = createHmac("sha256", this.#options.apiSecret)
      .update(query.toString().replace(/\+/g, "%20"))
      .digest("hex");
    query.set("hmac", hmac);
    res.writeHead(302, { location: `${redirectUri}?${query}` }).end();
  }

  #token(shop: string, body: string, res: ServerResponse): void {
    const parsed = z
      .object({ client_id: z.string(), client_secret: z.string(), code: z.string() })
      .safeParse(safeJson(body));
    if (
      !parsed.success ||
      parsed.data.client_id !== this.#options.apiKey ||
      parsed.data.client_secret !== this.#options.apiSecret ||
      this.#codes.get(parsed.data.code) !== shop
    ) {
      send(res, 400, {
        error: "invalid_request",
        error_description: "invalid code or client",
      });
      return;
    }
    this.#codes.delete(parsed.data.code);
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    this.#tokens.set(token, shop);
    send(res, 200, { access_token: token, scope: this.#options.scopes.join(",") });
  }

  #graphql(
    shop: string,
    version: string,
    token: string | string[] | undefined,
    raw: string,
    res: ServerResponse,
  ): void {
    const record = (mutation: string, variables: Record<string, unknown>, status: number) =>
      this.calls.push({ shop, version, mutation, variables, status });
    if (!SERVED_VERSIONS.includes(version)) {
      send(res, 404, { errors: "Not Found" });
      return;
    }
    if (typeof token !== "string" || this.#tokens.get(token) !== shop) {
      send(res, 401, {
        errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
      });
      return;
    }
    const body = z
      .object({ query: z.string(), variables: z.record(z.string(), z.unknown()).default({}) })
      .safeParse(safeJson(raw));
    if (!body.success) {
      send(res, 400, { errors: "Bad Request" });
      return;
    }
    const { query, variables } = body.data;
    const field = /^\s*mutation\b[^{]*\{\s*(\w+)\s*\(([^)]*)\)/.exec(query);
    const name = field?.[1] ?? "";
    const mutation = MUTATIONS[name];
    if (!field || !mutation) {
      record(name, variables, 200);
      send(res, 200, {
        errors: [{ message: `Field '${name}' doesn't exist on type 'Mutation'` }],
      });
      return;
    }
    if (this.#failNext > 0) {
      this.#failNext--;
      record(name, variables, 503);
      send(res, 503, { errors: "Service Unavailable" });
      return;
    }
    const passed = [...(field[2] ?? "").matchAll(/(\w+)\s*:\s*\$(\w+)/g)].map((m) => m[1]);
    const invalid = this.#invalidArguments(name, mutation, version, passed, variables);
    if (invalid) {
      record(name, variables, 200);
      send(res, 200, { errors: [{ message: invalid }] });
      return;
    }
    record(name, variables, 200);
    if (mutation.target === "configure") {
      this.configurations.set(shop, {
        externalHandle: (variables.externalHandle as string | null) ?? null,
        ready: variables.ready === true,
      });
      send(res, 200, {
        data: { [name]: { [mutation.payload]: this.configurations.get(shop), userErrors: [] } },
      });
      return;
    }
    const session = this.sessions.get(String(variables.id));
    if (session?.shop !== shop || session.kind !== mutation.session) {
      send(res, 200, {
        data: {
          [name]: {
            [mutation.payload]: null,
            userErrors: [{ field: ["id"], message: "Session not found" }],
          },
        },
      });
      return;
    }
    const refused = this.#apply(session, mutation.target, variables);
    const state = {
      code: session.state.toUpperCase(),
      ...(session.rejection ? { reason: session.rejection.code } : {}),
    };
    const redirect =
      session.kind === "PaymentSession" && session.state !== "open"
        ? {
            action: "REDIRECT",
            context: {
              redirectUrl: `https://${shop}/checkouts/c/${session.id}/${session.state === "rejected" ? "payment-failed" : "thank-you"}`,
            },
          }
        : null;
    send(res, 200, {
      data: {
        [name]: {
          [mutation.payload]: refused ? null : { id: session.gid, state, nextAction: redirect },
          userErrors: refused ? [{ field: ["id"], message: refused }] : [],
        },
      },
    });
  }

  /** The documented state rules; returns the user error when the mutation is refused. */
  #apply(session: FakeSession, target: Mutation["target"], variables: Record<string, unknown>) {
    const final = session.state === "resolved" || session.state === "rejected";
    switch (target) {
      case "resolve":
        if (session.state === "rejected") return "Session is already rejected";
        if (session.state === "resolved") return undefined;
        session.state = "resolved";
        session.transactionId = (variables.networkTransactionId as string | undefined) ?? null;
        break;
      case "reject": {
        if (session.state === "resolved") return "Session is already resolved";
        if (session.state === "rejected") return undefined;
        const reason = variables.reason as { code: string; merchantMessage?: string | null };
        session.state = "rejected";
        session.rejection = { code: reason.code, merchantMessage: reason.merchantMessage ?? null };
        break;
      }
      case "pending":
        if (final) return "Session state transition is invalid";
        session.state = "pending";
        session.pendingExpiresAt = String(variables.pendingExpiresAt);
        break;
      case "configure":
        return undefined;
    }
    session.transitions++;
    return undefined;
  }

  #invalidArguments(
    name: string,
    mutation: Mutation,
    version: string,
    passed: readonly (string | undefined)[],
    variables: Record<string, unknown>,
  ): string | undefined {
    const optional = ["networkTransactionId", "externalHandle"];
    const required = mutation.args.filter((arg) => !optional.includes(arg));
    const unknown = passed.filter((arg) => !mutation.args.includes(arg ?? ""));
    if (unknown.length > 0) return `Field '${name}' doesn't accept argument '${unknown[0]}'`;
    const missing = required.filter((arg) => !passed.includes(arg) || variables[arg] === undefined);
    if (missing.length > 0)
      return `Field '${name}' is missing required arguments: ${missing.join(", ")}`;
    const rejectionCodes =
      mutation.session === "PaymentSession"
        ? version >= "2026-04"
          ? [...BASE_REJECTIONS, ...REJECTIONS_2026_04]
          : BASE_REJECTIONS
        : mutation.session === "CaptureSession"
          ? ["PROCESSING_ERROR", "AUTHORIZATION_EXPIRED"]
          : ["PROCESSING_ERROR"];
    const schemas: Record<string, z.ZodType> = {
      id: z.string().regex(/^gid:\/\/shopify\/\w+\/[^/\s]+$/),
      reason: z
        .object({
          code: z.enum(rejectionCodes as [string, ...string[]]),
          merchantMessage: z.string().nullish(),
        })
        .strict(),
      pendingExpiresAt: z.iso.datetime({ offset: true }),
      externalHandle: z.string().nullable(),
      networkTransactionId: z.string().max(255).nullable(),
      ready: z.boolean(),
    };
    if (name === "paymentSessionPending")
      schemas.reason = z.enum(PENDING_REASONS as [string, ...string[]]);
    for (const arg of passed) {
      const schema = arg ? schemas[arg] : undefined;
      if (arg && schema && !schema.safeParse(variables[arg]).success) {
        return `Variable $${arg} of ${name} was provided invalid value`;
      }
    }
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
