import { pgliteTestDatabase } from "@smspay/testkit";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { createSmspay } from "./smspay.ts";
import { testConfig } from "./test-support.ts";
import { leaseProblem, withoutPhoneNumbers } from "./worker.ts";

describe("the effect lease", () => {
  it("must be at least twice the longest call an effect makes", () => {
    expect(leaseProblem(60_000, 10_000)).toBeUndefined();
    expect(leaseProblem(20_000, 10_000)).toBeUndefined();
    expect(leaseProblem(19_999, 10_000)).toBe(
      "an effect lease of 19.999 s is shorter than twice the 10 s call timeout",
    );
  });

  it("is a start-up error when a shop or provider call could outlast half of it", async () => {
    const { db } = await pgliteTestDatabase().open();
    try {
      await expect(
        createSmspay(
          testConfig({ effectLeaseMs: 30_000, webhookTimeoutMs: 5_000, outboundTimeoutMs: 20_000 }),
          createLogger("silent"),
          { db },
        ),
      ).rejects.toThrow(
        /the worker refuses to run effects: an effect lease of 30 s is shorter than twice the 20 s call timeout/,
      );
    } finally {
      await db.close();
    }
  });
});

describe("withoutPhoneNumbers", () => {
  it("masks numbers a provider quotes in an error, in any format it uses", () => {
    expect(withoutPhoneNumbers("The 'To' number +33612345678 is not a valid phone number")).toBe(
      "The 'To' number +336•••••678 is not a valid phone number",
    );
    expect(withoutPhoneNumbers("destination 33612345678 blocked; retry 447700900123")).toBe(
      "destination 3361••••678 blocked; retry 4477•••••123",
    );
  });

  it("leaves short numbers (amounts, statuses) alone", () => {
    expect(withoutPhoneNumbers("the endpoint answered HTTP 503 after 1500 ms for 450 EUR")).toBe(
      "the endpoint answered HTTP 503 after 1500 ms for 450 EUR",
    );
  });
});
