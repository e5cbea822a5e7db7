import { describe, expect, it } from "vitest";
import { withoutPhoneNumbers } from "./worker.ts";

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
