// A carrier-billing operator for end-to-end tests: the strict OneAPI Payment
// fake (OAuth 2.0, on loopback) and the SMSPAY_CARRIER_BILLING settings that
// route the given number prefixes to it.

import type { CarrierBillingSettings } from "@smspay/sms";
import { OneApiFake } from "@smspay/testkit";

const client = { clientId: "smspay", clientSecret: "operator-issued-secret" };

export type TestOperator = {
  readonly fake: OneApiFake;
  /** Settings routing phones starting with `prefixes` to this operator. */
  routing(prefixes: string[]): CarrierBillingSettings;
};

/** `declines`: E.164 numbers the operator refuses to charge, with the OneAPI exception id. */
export async function startTestOperator(
  declines: Readonly<Record<string, string>> = {},
): Promise<TestOperator> {
  const fake = await OneApiFake.start({
    basePath: "/oneapi/1",
    auth: { type: "oauth2", ...client },
    declines,
  });
  return {
    fake,
    routing: (prefixes) => ({
      operators: [
        {
          type: "oneapi",
          name: "orange",
          baseUrl: fake.baseUrl,
          auth: { type: "oauth2", tokenUrl: fake.tokenUrl, ...client },
          purchaseCategoryCode: "Web",
        },
      ],
      routes: [{ prefixes, operator: "orange" }],
    }),
  };
}

let phoneSeq = 0;

/** A fresh French mobile number (+33 6 1x: a range every phone library accepts). */
export function frenchMobile(): string {
  phoneSeq += 1;
  return `+3361${String(phoneSeq).padStart(7, "0")}`;
}
