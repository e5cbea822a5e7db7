// Delivers outbox effects and expires overdue payments. Runs in-process with
// `smspay start` or alone as `smspay worker`; any number of workers may share
// one database (claims use FOR UPDATE SKIP LOCKED with a lease).

import {
  type EffectRunner,
  isSmspayError,
  type PaymentService,
  type RetryPolicy,
  retryDelayMs,
  type Store,
} from "@smspay/core";
import type { Logger } from "./logger.ts";

export type WorkerOptions = {
  readonly store: Store;
  readonly runner: EffectRunner;
  readonly payments: PaymentService;
  readonly retry: RetryPolicy;
  readonly log: Logger;
  /** How often an idle worker looks for due effects (other processes may queue them). */
  readonly pollMs?: number;
  readonly batchSize?: number;
  readonly leaseMs?: number;
  readonly sweepEveryMs?: number;
};

export class Worker {
  readonly #options: Required<WorkerOptions>;
  #running = false;
  #wakeUp: (() => void) | undefined;
  #pendingWake = false;
  #loop: Promise<void> | undefined;
  #sweeper: NodeJS.Timeout | undefined;

  constructor(options: WorkerOptions) {
    this.#options = {
      pollMs: 200,
      batchSize: 32,
      leaseMs: 60_000,
      sweepEveryMs: 5_000,
      ...options,
    };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
    this.#sweeper = setInterval(() => {
      this.#options.payments
        .expireDue()
        .catch((error) => this.#options.log.warn({ err: error }, "expiry sweep failed"));
    }, this.#options.sweepEveryMs);
  }

  /** New effects were queued in this process: look now instead of at the next poll. */
  wake(): void {
    this.#pendingWake = true;
    this.#wakeUp?.();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#sweeper);
    this.#wakeUp?.();
    await this.#loop;
  }

  /** Runs every due effect until none is left (tests and the CLI use it). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.#runBatch();
      if (done === 0) return total;
      total += done;
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let done = 0;
      try {
        done = await this.#runBatch();
      } catch (error) {
        this.#options.log.warn({ err: error }, "worker could not claim effects");
      }
      if (done === 0 && this.#running) await this.#sleep();
    }
  }

  #sleep(): Promise<void> {
    if (this.#pendingWake) {
      this.#pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#options.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = () => {
        this.#wakeUp = undefined;
        this.#pendingWake = false;
        done();
      };
    });
  }

  async #runBatch(): Promise<number> {
    const { store, batchSize, leaseMs } = this.#options;
    const effects = await store.effects.claim({ now: new Date(), limit: batchSize, leaseMs });
    await Promise.all(effects.map((effect) => this.#runOne(effect)));
    return effects.length;
  }

  async #runOne(effect: Parameters<EffectRunner["run"]>[0]): Promise<void> {
    const { runner, store, retry, log } = this.#options;
    try {
      await runner.run(effect);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Unknown errors (network, timeouts) may pass; our own errors say whether they will.
      const retryable = isSmspayError(error) ? error.retryable : true;
      try {
        if (retryable && effect.attempts < retry.maxAttempts) {
          const runAt = new Date(Date.now() + retryDelayMs(effect.attempts, retry));
          await store.effects.retryLater({ id: effect.id, runAt, error: message });
          log.warn(
            { effectId: effect.id, kind: effect.kind, attempts: effect.attempts, error: message },
            "effect failed; will retry",
          );
        } else {
          await runner.giveUp(effect, message);
          log.error(
            { effectId: effect.id, kind: effect.kind, attempts: effect.attempts, error: message },
            "effect dead-lettered",
          );
        }
      } catch (recordError) {
        // The lease runs out and the effect is tried again: nothing is lost.
        log.error({ err: recordError, effectId: effect.id }, "could not record effect failure");
      }
    }
  }
}
