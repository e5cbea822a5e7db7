import type { ReconcileReport } from "@smspay/core";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { ReconcileSchedule } from "./reconcile-schedule.ts";

const REPORT: ReconcileReport = {
  compared: 0,
  renotified: 0,
  receiptsRecovered: 0,
  attention: 0,
  linesMatched: 0,
  errors: 0,
};

/** A reconciler whose sweeps last until released, counting how many run at once. */
function slowReconciler() {
  const state = { started: 0, running: 0, mostAtOnce: 0, release: () => {} };
  return {
    state,
    run: () => {
      state.started++;
      state.running++;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      return new Promise<ReconcileReport>((resolve) => {
        state.release = () => {
          state.running--;
          resolve(REPORT);
        };
      });
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe("ReconcileSchedule", () => {
  it("sweeps again and again, one sweep at a time, and waits for the last one when stopped", async () => {
    const reconciler = slowReconciler();
    const schedule = new ReconcileSchedule({ reconciler, everyMs: 5, log: createLogger("silent") });
    schedule.start();
    schedule.start();
    await until(() => reconciler.state.started === 1);
    // Many ticks pass while the first sweep runs: none starts a second one.
    await new Promise((r) => setTimeout(r, 50));
    expect(reconciler.state.started).toBe(1);
    reconciler.state.release();
    await until(() => reconciler.state.started === 2);
    let stopped = false;
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    reconciler.state.release();
    await stopping;
    expect(reconciler.state.mostAtOnce).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(reconciler.state.started).toBe(2);
  });

  it("never sweeps when turned off (every 0 ms)", async () => {
    const reconciler = slowReconciler();
    const schedule = new ReconcileSchedule({ reconciler, everyMs: 0, log: createLogger("silent") });
    schedule.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(reconciler.state.started).toBe(0);
    await schedule.stop();
  });
});
