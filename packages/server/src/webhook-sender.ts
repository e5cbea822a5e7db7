// Delivers webhooks over HTTP (shared/webhooks.md): the stored event's body,
// signed with the endpoint's secret at the time of sending. Anything but a
// 2xx within the timeout throws, and the worker retries with backoff.
// Redirects are not followed: a 3xx is a failure like any other non-2xx.
// Endpoints are merchants' URLs: calls go through the outbound guard's fetch
// (outbound-url-guard.ts), which dials only addresses smspay may call.

import {
  type Clock,
  signSmspayPayload,
  type WebhookEvent,
  type WebhookSender,
  webhookBody,
} from "@smspay/core";

export const WEBHOOK_USER_AGENT = "smspay-webhooks/1";

export class HttpWebhookSender implements WebhookSender {
  readonly #publicUrl: string;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #fetch: typeof fetch;

  constructor(options: {
    publicUrl: string;
    timeoutMs: number;
    clock: Clock;
    fetch?: typeof fetch;
  }) {
    this.#publicUrl = options.publicUrl;
    this.#timeoutMs = options.timeoutMs;
    this.#clock = options.clock;
    this.#fetch = options.fetch ?? fetch;
  }

  async send(delivery: { url: string; secret: string; event: WebhookEvent }): Promise<void> {
    const { url, secret, event } = delivery;
    const body = webhookBody(event, this.#publicUrl);
    const timestamp = Math.floor(this.#clock.now().getTime() / 1000);
    let status: number;
    try {
      const response = await this.#fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": WEBHOOK_USER_AGENT,
          "smspay-signature": signSmspayPayload(secret, body, timestamp),
          "smspay-event-id": event.id,
          "smspay-event-type": event.type,
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      // Read the answer to the end so the connection can serve the next
      // delivery; the status alone decides (a slow body does not undo a 2xx).
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      throw new Error(
        timedOut
          ? `no answer within ${this.#timeoutMs / 1000} s`
          : `could not reach the endpoint: ${causeOf(error)}`,
        { cause: error },
      );
    }
    if (status < 200 || status > 299) throw new Error(`the endpoint answered HTTP ${status}`);
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  return String(cause?.code ?? cause?.message ?? (error as Error).message ?? error);
}
