// Servers and fakes a test opens must not outlive it, even when an assertion
// fails half-way: the test enrols each one, and the hook closes them once the
// test ends, newest first.
//
//   const closing = closeAfterEach();
//   const shop = closing(await HangingServer.start("silent"));

import { afterEach } from "vitest";

export type Closable = { close(): Promise<void> };

/** Registers the hook in the calling file; returns the enrolling function (it passes its item through). */
export function closeAfterEach(): <T extends Closable>(item: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });
  return (item) => {
    open.push(item);
    return item;
  };
}
