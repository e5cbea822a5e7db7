// How a transport type is configured: its options (a zod schema over the
// JSON of SMSPAY_TRANSPORTS) and how it is built once smspay is composed.

import type { InboundEvent, InboundWebhookTransport, SmsTransport } from "@smspay/core";
import type { z } from "zod";

export type TransportContext = {
  /** smspay's public base URL; a transport's webhook is `${publicUrl}/webhooks/sms/<name>`. */
  readonly publicUrl: string;
  /** Push transports (SMPP) hand MOs and receipts here: smspay's inbound pipeline. */
  readonly deliver: (event: InboundEvent) => Promise<unknown>;
  /** Connection events worth a log line (binds, reconnects, throttling; never message contents). */
  readonly onEvent: (transport: string, event: string, detail?: unknown) => void;
  /** The most one send may take (the outbox lease must outlast it); a transport's own timeout can only be shorter. */
  readonly timeoutMs?: number;
};

export type BuiltTransport = {
  readonly transport: SmsTransport;
  /** The inbound side, for transports whose provider calls smspay's webhook. */
  readonly webhook?: InboundWebhookTransport;
  start?(): void;
  close?(): Promise<void>;
};

/** A transport's validated configuration, ready to build. */
export type PreparedTransport = {
  readonly name: string;
  readonly type: string;
  build(context: TransportContext): BuiltTransport;
};

export type TransportFactory = {
  readonly type: string;
  /** Validates `options` (throws zod's error) and returns the transport to build. */
  prepare(name: string, options: unknown): PreparedTransport;
};

export function defineTransport<S extends z.ZodType>(definition: {
  readonly type: string;
  readonly options: S;
  readonly build: (name: string, options: z.output<S>, context: TransportContext) => BuiltTransport;
}): TransportFactory {
  return {
    type: definition.type,
    prepare(name, raw) {
      const options = definition.options.parse(raw);
      return {
        name,
        type: definition.type,
        build: (context) => definition.build(name, options, context),
      };
    },
  };
}

/** A transport's own call timeout, bounded by the context's. */
export function callTimeout(
  own: number | undefined,
  context: TransportContext,
): number | undefined {
  if (own === undefined || context.timeoutMs === undefined) return own ?? context.timeoutMs;
  return Math.min(own, context.timeoutMs);
}

export function webhookUrl(publicUrl: string, name: string): string {
  return `${publicUrl.replace(/\/$/, "")}/webhooks/sms/${encodeURIComponent(name)}`;
}
