// Per-transport circuit breaker: after `failures` consecutive failures that
// say "try again" (provider down, timeouts, throttling) the transport is
// skipped for `openMs`; then one send may try it again (half-open), and a
// success closes the circuit.

export type CircuitSettings = { readonly failures: number; readonly openMs: number };

export class CircuitBreaker {
  readonly #settings: CircuitSettings;
  readonly #now: () => number;
  readonly #failures = new Map<string, number>();
  readonly #openUntil = new Map<string, number>();

  constructor(settings: CircuitSettings, now: () => number = Date.now) {
    this.#settings = settings;
    this.#now = now;
  }

  /** Whether a send may go through `transport` now. */
  allows(transport: string): boolean {
    const until = this.#openUntil.get(transport);
    return until === undefined || this.#now() >= until;
  }

  succeeded(transport: string): void {
    this.#failures.delete(transport);
    this.#openUntil.delete(transport);
  }

  failed(transport: string): void {
    const failures = (this.#failures.get(transport) ?? 0) + 1;
    this.#failures.set(transport, failures);
    if (failures >= this.#settings.failures) {
      this.#openUntil.set(transport, this.#now() + this.#settings.openMs);
    }
  }
}
