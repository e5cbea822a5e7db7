// The Payments Apps GraphQL API: how the app tells Shopify what became of a
// payment, refund, capture or void session. It lives at
// https://{shop}/payments_apps/api/{version}/graphql.json (not the Admin API
// path, which is why shopify-api's GraphQL client is not used), authenticated
// with the shop's offline access token.
//
// Errors: transport failures, 5xx and 429 are SmspayError("platform_error",
// retryable) so the outbox tries again; other HTTP errors and GraphQL errors
// will not change by retrying. `userErrors` are returned, not thrown: what
// they mean depends on the call (see the adapter).

import { SmspayError } from "@smspay/core";
import { z } from "zod";
import type { ApiVersion, RejectionCode } from "./api-versions.ts";

export type ShopConnection = {
  readonly shop: string;
  readonly accessToken: string;
};

/** Where a shop's APIs are reached; tests point it at the fake Shopify. */
export type ShopOrigin = (shop: string) => string;

export const shopifyOrigin: ShopOrigin = (shop) => `https://${shop}`;

export type UserError = { readonly field: readonly string[] | null; readonly message: string };

/** A mutation's answer: the session's state as Shopify holds it now, and where the buyer goes. */
export type SessionOutcome = {
  readonly userErrors: readonly UserError[];
  /** PaymentSessionStateCode etc. (RESOLVED, REJECTED, PENDING…), when a session came back. */
  readonly state: string | null;
  readonly nextActionUrl: string | null;
};

export type PendingReason =
  | "BUYER_ACTION_REQUIRED"
  | "NETWORK_ACTION_REQUIRED"
  | "PARTNER_ACTION_REQUIRED";

const SESSION_FIELDS = `state { ... on PaymentSessionStateResolved { code } ... on PaymentSessionStateRejected { code } ... on PaymentSessionStatePending { code } }
      nextAction { action context { ... on PaymentSessionActionsRedirect { redirectUrl } } }`;

const MUTATIONS = {
  paymentSessionResolve: `mutation PaymentSessionResolve($id: ID!, $networkTransactionId: String) {
  paymentSessionResolve(id: $id, networkTransactionId: $networkTransactionId) {
    paymentSession { id ${SESSION_FIELDS} }
    userErrors { field message }
  }
}`,
  paymentSessionReject: `mutation PaymentSessionReject($id: ID!, $reason: PaymentSessionRejectionReasonInput!) {
  paymentSessionReject(id: $id, reason: $reason) {
    paymentSession { id ${SESSION_FIELDS} }
    userErrors { field message }
  }
}`,
  paymentSessionPending: `mutation PaymentSessionPending($id: ID!, $pendingExpiresAt: DateTime!, $reason: PaymentSessionStatePendingReason!) {
  paymentSessionPending(id: $id, pendingExpiresAt: $pendingExpiresAt, reason: $reason) {
    paymentSession { id ${SESSION_FIELDS} }
    userErrors { field message }
  }
}`,
  refundSessionResolve: `mutation RefundSessionResolve($id: ID!) {
  refundSessionResolve(id: $id) {
    refundSession { id state { ... on RefundSessionStateResolved { code } } }
    userErrors { field message }
  }
}`,
  refundSessionReject: `mutation RefundSessionReject($id: ID!, $reason: RefundSessionRejectionReasonInput!) {
  refundSessionReject(id: $id, reason: $reason) {
    refundSession { id state { ... on RefundSessionStateRejected { code } } }
    userErrors { field message }
  }
}`,
  captureSessionResolve: `mutation CaptureSessionResolve($id: ID!) {
  captureSessionResolve(id: $id) {
    captureSession { id state { ... on CaptureSessionStateResolved { code } } }
    userErrors { field message }
  }
}`,
  captureSessionReject: `mutation CaptureSessionReject($id: ID!, $reason: CaptureSessionRejectionReasonInput!) {
  captureSessionReject(id: $id, reason: $reason) {
    captureSession { id state { ... on CaptureSessionStateRejected { code } } }
    userErrors { field message }
  }
}`,
  voidSessionResolve: `mutation VoidSessionResolve($id: ID!) {
  voidSessionResolve(id: $id) {
    voidSession { id state { ... on VoidSessionStateResolved { code } } }
    userErrors { field message }
  }
}`,
  voidSessionReject: `mutation VoidSessionReject($id: ID!, $reason: VoidSessionRejectionReasonInput!) {
  voidSessionReject(id: $id, reason: $reason) {
    voidSession { id state { ... on VoidSessionStateRejected { code } } }
    userErrors { field message }
  }
}`,
  paymentsAppConfigure: `mutation PaymentsAppConfigure($externalHandle: String, $ready: Boolean!) {
  paymentsAppConfigure(externalHandle: $externalHandle, ready: $ready) {
    paymentsAppConfiguration { externalHandle ready }
    userErrors { field message }
  }
}`,
} as const;

export type MutationName = keyof typeof MUTATIONS;

export const MUTATION_NAMES = Object.keys(MUTATIONS) as readonly MutationName[];

/** The session each mutation answers with (paymentsAppConfigure answers a configuration). */
const PAYLOAD_OBJECT: Readonly<Record<MutationName, string>> = {
  paymentSessionResolve: "paymentSession",
  paymentSessionReject: "paymentSession",
  paymentSessionPending: "paymentSession",
  refundSessionResolve: "refundSession",
  refundSessionReject: "refundSession",
  captureSessionResolve: "captureSession",
  captureSessionReject: "captureSession",
  voidSessionResolve: "voidSession",
  voidSessionReject: "voidSession",
  paymentsAppConfigure: "paymentsAppConfiguration",
};

export class PaymentsAppsClient {
  readonly #connection: ShopConnection;
  readonly #origin: ShopOrigin;
  readonly #timeoutMs: number;

  constructor(
    connection: ShopConnection,
    options: { origin?: ShopOrigin; timeoutMs?: number } = {},
  ) {
    this.#connection = connection;
    this.#origin = options.origin ?? shopifyOrigin;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** `transactionId`: the merchant finds the smspay payment by it in the Shopify admin. */
  resolvePayment(version: ApiVersion, id: string, transactionId: string): Promise<SessionOutcome> {
    return this.#mutate(version, "paymentSessionResolve", {
      id,
      networkTransactionId: transactionId,
    });
  }

  rejectPayment(
    version: ApiVersion,
    id: string,
    reason: { code: RejectionCode; merchantMessage: string },
  ): Promise<SessionOutcome> {
    return this.#mutate(version, "paymentSessionReject", { id, reason });
  }

  pendPayment(
    version: ApiVersion,
    id: string,
    pending: { expiresAt: Date; reason: PendingReason },
  ): Promise<SessionOutcome> {
    return this.#mutate(version, "paymentSessionPending", {
      id,
      pendingExpiresAt: pending.expiresAt.toISOString(),
      reason: pending.reason,
    });
  }

  /** Resolves or rejects a refund, capture or void session. */
  finishFollowUp(
    version: ApiVersion,
    kind: "refund" | "capture" | "void",
    id: string,
    outcome: { resolve: true } | { resolve: false; merchantMessage: string },
  ): Promise<SessionOutcome> {
    const name = `${kind}Session${outcome.resolve ? "Resolve" : "Reject"}` as MutationName;
    return this.#mutate(
      version,
      name,
      outcome.resolve
        ? { id }
        : { id, reason: { code: "PROCESSING_ERROR", merchantMessage: outcome.merchantMessage } },
    );
  }

  configure(version: ApiVersion, input: { externalHandle: string; ready: boolean }) {
    return this.#mutate(version, "paymentsAppConfigure", input);
  }

  async #mutate(
    version: ApiVersion,
    name: MutationName,
    variables: Record<string, unknown>,
  ): Promise<SessionOutcome> {
    const { shop, accessToken } = this.#connection;
    const url = `${this.#origin(shop)}/payments_apps/api/${version}/graphql.json`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-shopify-access-token": accessToken,
        },
        body: JSON.stringify({ query: MUTATIONS[name], variables }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new SmspayError("platform_error", `Shopify unreachable for ${name} on ${shop}`, {
        retryable: true,
        cause: error,
      });
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new SmspayError(
        "platform_error",
        `Shopify answered ${response.status} to ${name} on ${shop}`,
        { retryable },
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // The timeout covers the body too: an answer that stops coming is an outage, not a refusal.
      throw new SmspayError(
        "platform_error",
        `Shopify's answer to ${name} on ${shop} was cut short`,
        {
          retryable: true,
          cause: error,
        },
      );
    }
    const answer = graphqlAnswer.safeParse(jsonOrUndefined(text));
    if (!answer.success || answer.data.errors?.length) {
      const detail = answer.success
        ? answer.data.errors?.map((e) => e.message).join("; ")
        : "an answer that is not GraphQL";
      throw new SmspayError("platform_error", `Shopify refused ${name} on ${shop}: ${detail}`);
    }
    const payload = answer.data.data?.[name];
    if (!payload) {
      throw new SmspayError("platform_error", `Shopify answered ${name} without its payload`);
    }
    const session = sessionPayload.safeParse(payload[PAYLOAD_OBJECT[name]]);
    return {
      userErrors: payload.userErrors,
      state: (session.success && session.data?.state?.code) || null,
      nextActionUrl: (session.success && session.data?.nextAction?.context?.redirectUrl) || null,
    };
  }
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const userError = z.object({
  field: z
    .array(z.string())
    .nullish()
    .transform((f) => f ?? null),
  message: z.string(),
});

const graphqlAnswer = z.object({
  data: z
    .record(
      z.string(),
      z
        .object({ userErrors: z.array(userError) })
        .catchall(z.unknown())
        .nullable(),
    )
    .nullish(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

const sessionPayload = z
  .object({
    state: z.object({ code: z.string().optional() }).nullish(),
    nextAction: z
      .object({ context: z.object({ redirectUrl: z.string().optional() }).nullish() })
      .nullish(),
  })
  .nullish();
