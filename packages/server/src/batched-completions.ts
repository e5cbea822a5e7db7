// A worker finishing many webhooks at once marks them done in one statement
// instead of one each: the database round trips were most of what a delivery
// cost. Completions asked for in the same turn of the event loop share a
// statement; each caller still waits for its own to be written. (Only the
// store outside transactions batches: inside one, `complete` must commit with
// the rest of the work.)

import type { EffectRepository } from "@smspay/core";

type Waiting = { id: string; at: Date; resolve: () => void; reject: (error: unknown) => void };

export function batchedCompletions(effects: EffectRepository): EffectRepository {
  let waiting: Waiting[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    effects.completeMany(batch.map(({ id, at }) => ({ id, at }))).then(
      () => {
        for (const w of batch) w.resolve();
      },
      (error: unknown) => {
        for (const w of batch) w.reject(error);
      },
    );
  };
  return {
    ...effects,
    complete({ id, at }) {
      return new Promise<void>((resolve, reject) => {
        if (waiting.length === 0) setImmediate(flush);
        waiting.push({ id, at, resolve, reject });
      });
    },
  };
}
