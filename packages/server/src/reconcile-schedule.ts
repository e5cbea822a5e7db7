// The worker's periodic reconciliation sweep. Any number of workers may run
// it: each sweep claims the payments it compares (SKIP LOCKED), so concurrent
// sweeps share the work instead of repeating it. One sweep at a time per
// process: a slow shop delays the next sweep rather than stacking them.

import type { Reconciler } from "@smspay/core";
import type { Logger } from "./logger.ts";

export class ReconcileSchedule {
  readonly #reconciler: Pick<Reconciler, "run">;
  readonly #everyMs: number;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #sweep: Promise<void> | undefined;

  constructor(options: { reconciler: Pick<Reconciler, "run">; everyMs: number; log: Logger }) {
    this.#reconciler = options.reconciler;
    this.#everyMs = options.everyMs;
    this.#log = options.log;
  }

  start(): void {
    if (this.#timer || this.#everyMs <= 0) return;
    this.#timer = setInterval(() => {
      this.#sweep ??= this.#reconciler
        .run()
        .then(
          (report) => this.#log.info({ report }, "reconciled"),
          (error: unknown) => this.#log.warn({ err: error }, "reconciliation sweep failed"),
        )
        .finally(() => {
          this.#sweep = undefined;
        });
    }, this.#everyMs);
  }

  /** Stops sweeping, and waits for a sweep in progress to end. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#sweep;
  }
}
