// The outbox as operators and merchants see it: effects by status, and dead
// letters (effects the worker gave up on) sent back for another round.

import type { CoreDeps } from "./core-deps.ts";
import { type EffectRecord, type EffectStatus, NOTIFICATION_KINDS } from "./effects.ts";
import { SmspayError } from "./errors.ts";

export class DeadLetters {
  readonly #deps: CoreDeps;

  constructor(deps: CoreDeps) {
    this.#deps = deps;
  }

  /** Effects in `status`, newest first; given `merchantId`, only those of its payments. */
  list(query: {
    status: EffectStatus;
    merchantId?: string;
    limit: number;
  }): Promise<EffectRecord[]> {
    return this.#deps.store.effects.list(query);
  }

  /**
   * Sends a dead effect back to the worker: pending, attempts reset, due now.
   * A merchant may replay its notifications (webhooks, platform calls); SMS and
   * charges touch customers and money, so only an operator (no `merchantId`)
   * replays those.
   */
  async replay(input: { id: string; merchantId?: string }): Promise<EffectRecord> {
    const { store, clock } = this.#deps;
    const effect = await store.effects.get(input);
    if (!effect) throw new SmspayError("not_found", `no effect ${input.id}`);
    if (input.merchantId !== undefined && !NOTIFICATION_KINDS.includes(effect.kind)) {
      throw new SmspayError(
        "invalid_state",
        `a ${effect.kind} effect can only be replayed by the operator`,
      );
    }
    const at = clock.now();
    if (!(await store.effects.replay({ id: effect.id, at }))) {
      throw new SmspayError(
        "invalid_state",
        `only a dead effect can be replayed; this one is ${effect.status}`,
      );
    }
    this.#deps.effectsQueued?.();
    return { ...effect, status: "pending", attempts: 0, nextAttemptAt: at, doneAt: null };
  }
}
