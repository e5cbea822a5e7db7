// Delivers outbox effects and expires overdue payments. Runs in-process with
// `smspay start` or alone as `smspay worker`; any number of workers may share
// one database. A claim is a lease (FOR UPDATE SKIP LOCKED, see the effect
// repository): while it lasts no other worker gets the effect, so the lease
// must outlast the slowest effect: every call an effect makes (webhook, shop
// platform, SMS provider) gives up after its timeout (10 s by default), and
// the worker refuses a lease shorter than twice that (60 s by default). A
// worker that dies mid-effect leaves it to be claimed again when the lease
// ends: effects run at least once, never twice at the same time.

import {
  type Effect,
  type EffectRunner,
  isSmspayError,
  maskPhone,
  type PaymentService,
  type RetryPolicy,
  retryDelayMs,
  retryPolicyFor,
  type Store,
} from "@smspay/core";
import type { Logger } from "./logger.ts";

export type WorkerOptions = {
  readonly store: Store;
  readonly runner: EffectRunner;
  readonly payments: PaymentService;
  /** Retries of SMS and charges; notifications follow NOTIFICATION_RETRY_POLICY. */
  readonly retry: RetryPolicy;
  readonly log: Logger;
  /** How often an idle worker looks for due effects (other processes may queue them). */
  readonly pollMs?: number;
  /** Effects run at the same time; a slow one holds one slot, not the others. */
  readonly concurrency?: number;
  readonly leaseMs?: number;
  /** The longest one external call of an effect may take (its client's timeout). */
  readonly callTimeoutMs?: number;
  readonly sweepEveryMs?: number;
};

/** Why a lease of `leaseMs` is too short for calls bounded by `callTimeoutMs`, if it is. */
export function leaseProblem(leaseMs: number, callTimeoutMs: number): string | undefined {
  // An effect still running when its lease ends would be run again by another worker.
  return leaseMs < 2 * callTimeoutMs
    ? `an effect lease of ${leaseMs / 1000} s is shorter than twice the ${callTimeoutMs / 1000} s call timeout`
    : undefined;
}

export class Worker {
  readonly #options: Required<WorkerOptions>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #wakeUp: (() => void) | undefined;
  #pendingWake = false;
  #waitingForSlot = false;
  #loop: Promise<void> | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #effectsRun = 0;

  constructor(options: WorkerOptions) {
    this.#options = {
      pollMs: 200,
      concurrency: 32,
      leaseMs: 60_000,
      callTimeoutMs: 10_000,
      sweepEveryMs: 5_000,
      ...options,
    };
    const problem = leaseProblem(this.#options.leaseMs, this.#options.callTimeoutMs);
    if (problem) throw new Error(`the worker refuses to run effects: ${problem}`);
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

  /** Stops claiming, and waits for the effects in flight to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#sweeper);
    this.#wakeUp?.();
    await this.#loop;
    if (this.#loop) this.#options.log.info({ effectsRun: this.#effectsRun }, "worker stopped");
  }

  /** Runs every due effect until none is left (tests use it with the loop stopped). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const effects = await this.#claim(this.#options.concurrency);
      if (effects.length === 0) return total;
      await Promise.all(effects.map((effect) => this.#runOne(effect)));
      total += effects.length;
    }
  }

  async #run(): Promise<void> {
    const { concurrency, log } = this.#options;
    while (this.#running) {
      const free = concurrency - this.#inFlight.size;
      let claimed = 0;
      try {
        for (const effect of await this.#claim(free)) {
          claimed++;
          const run = this.#runOne(effect).finally(() => {
            this.#inFlight.delete(run);
            if (this.#waitingForSlot) {
              this.#waitingForSlot = false;
              this.wake();
            }
          });
          this.#inFlight.add(run);
        }
      } catch (error) {
        log.warn({ err: error }, "worker could not claim effects");
      }
      if (!this.#running) break;
      if (this.#inFlight.size >= concurrency) {
        this.#waitingForSlot = true;
        await this.#sleep();
      } else if (claimed < free) {
        // Nothing more is due now.
        await this.#sleep();
      }
    }
    await Promise.all(this.#inFlight);
  }

  #claim(limit: number): Promise<Effect[]> {
    if (limit <= 0) return Promise.resolve([]);
    return this.#options.store.effects.claim({
      now: new Date(),
      limit,
      leaseMs: this.#options.leaseMs,
    });
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

  async #runOne(effect: Effect): Promise<void> {
    const { runner, store, log } = this.#options;
    this.#effectsRun++;
    try {
      await runner.run(effect);
    } catch (error) {
      const message = withoutPhoneNumbers(error instanceof Error ? error.message : String(error));
      // Unknown errors (network, timeouts) may pass; our own errors say whether they will.
      const retryable = isSmspayError(error) ? error.retryable : true;
      const policy = retryPolicyFor(effect.kind, this.#options.retry);
      try {
        if (retryable && effect.attempts < policy.maxAttempts) {
          const runAt = new Date(Date.now() + retryDelayMs(effect.attempts, policy));
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

/**
 * Providers' error messages may quote the number they refused; the message is
 * stored (lastError, shown to merchants) and logged, so numbers are masked first.
 */
export function withoutPhoneNumbers(message: string): string {
  return message.replace(/\+?\d{8,15}/g, (digits) => maskPhone(digits));
}
