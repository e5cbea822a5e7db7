import { expect } from "vitest";

/** The error `call` fails with; the test fails if it succeeds. */
export function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error,
  );
}
