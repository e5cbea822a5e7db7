// Test-only (SMSPAY_TEST_CRASH_AT): kills the process at a point a crash test
// cannot catch from outside. After the operator accepted a billed MT, the
// sandbox sends its delivery receipt from inside this process a moment later;
// a test that waits to see the MT and then kills would sometimes lose that
// receipt with the process (a real operator would retry it). Dying right
// here is the one crash the test must see: the customer is charged and
// smspay has not recorded it.

import type { SmsTransport } from "@smspay/core";

export type CrashPoint = "billed_mt_sent";

export function crashingTransport(transport: SmsTransport, point: CrashPoint): SmsTransport {
  return {
    name: transport.name,
    async send(message) {
      const sent = await transport.send(message);
      if (point === "billed_mt_sent" && message.billed) process.kill(process.pid, "SIGKILL");
      return sent;
    },
  };
}
