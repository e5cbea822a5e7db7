// Which transport carries an MT. The routing table is read top to bottom: the
// first route whose conditions all hold (the sender it leaves from, short
// code or sender id; the recipient's country) gives the transports to try, in
// order. The next one is tried when a transport fails with a retryable error
// (down, timeout, throttled) or its circuit is open; a message a provider
// refuses outright is not offered to another. An MT no route matches leaves
// through the transport it was queued for (the one its MO came in on).

import {
  isSmspayError,
  type OutgoingSms,
  parsePhone,
  type SentSms,
  SmspayError,
  type SmsTransport,
} from "@smspay/core";
import type { CircuitBreaker } from "./circuit-breaker.ts";

export type Route = {
  /** Short codes or sender ids the MT leaves from; any when absent. */
  readonly senders?: readonly string[];
  /** ISO 3166 countries of the recipient; any when absent. */
  readonly countries?: readonly string[];
  /** Transport names, in order of preference. */
  readonly via: readonly string[];
};

export type SmsRouterOptions = {
  readonly transports: ReadonlyMap<string, SmsTransport>;
  readonly routes: readonly Route[];
  readonly breaker: CircuitBreaker;
  /** A transport failed and the next one is tried (for the logs). */
  readonly onFailover?: (failed: string, error: unknown) => void;
};

export class SmsRouter {
  readonly #options: SmsRouterOptions;

  constructor(options: SmsRouterOptions) {
    this.#options = options;
  }

  /** The transport the core knows as `queuedFor`, sending through the routes. */
  entry(queuedFor: string): SmsTransport {
    return { name: queuedFor, send: (message) => this.send(message, queuedFor) };
  }

  /** The transports an MT may leave through, in the order they are tried. */
  candidates(message: OutgoingSms, queuedFor: string): readonly string[] {
    const country = countryOf(message.to);
    const route = this.#options.routes.find(
      (r) =>
        (!r.senders || r.senders.includes(message.from)) &&
        (!r.countries || (country !== undefined && r.countries.includes(country))),
    );
    return route?.via ?? [queuedFor];
  }

  async send(message: OutgoingSms, queuedFor: string): Promise<SentSms> {
    const { transports, breaker, onFailover } = this.#options;
    let lastError: unknown;
    for (const name of this.candidates(message, queuedFor)) {
      const transport = transports.get(name);
      if (!transport) {
        lastError = new SmspayError("transport_error", `no transport named ${name}`);
        continue;
      }
      if (!breaker.allows(name)) {
        lastError ??= new SmspayError("transport_error", `${name} is failing (circuit open)`, {
          retryable: true,
        });
        continue;
      }
      try {
        const sent = await transport.send(message);
        breaker.succeeded(name);
        return { providerMessageId: sent.providerMessageId, transport: sent.transport ?? name };
      } catch (error) {
        // The provider refused this message: another would too (bad number, content).
        if (isSmspayError(error) && !error.retryable) throw error;
        breaker.failed(name);
        lastError = error;
        onFailover?.(name, error);
      }
    }
    const detail = lastError instanceof Error ? lastError.message : String(lastError);
    throw new SmspayError("transport_error", `no route could take the MT: ${detail}`, {
      retryable: !(isSmspayError(lastError) && !lastError.retryable),
      cause: lastError,
    });
  }
}

function countryOf(e164: string): string | undefined {
  try {
    return parsePhone(e164).country;
  } catch {
    return undefined;
  }
}
