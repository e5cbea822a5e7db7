// The sandbox's shared short codes, priced like French SMS+ codes: the first
// digit gives the tier (7xxxx: EUR 0.50-0.99, 8xxxx: EUR 1-4.50). Every other
// EUR amount up to the limits goes through sandbox carrier billing (PIN).

import type { Tariff } from "@smspay/core";

export const SANDBOX_TRANSPORT = "sandbox";

export const SANDBOX_TARIFFS: readonly Tariff[] = [
  {
    shortCode: "71099",
    keyword: "PAY",
    amount: 99,
    currency: "EUR",
    country: "FR",
    transport: SANDBOX_TRANSPORT,
  },
  {
    shortCode: "81200",
    keyword: "PAY",
    amount: 200,
    currency: "EUR",
    country: "FR",
    transport: SANDBOX_TRANSPORT,
  },
  {
    shortCode: "81450",
    keyword: "PAY",
    amount: 450,
    currency: "EUR",
    country: "FR",
    transport: SANDBOX_TRANSPORT,
  },
];

/** Free short code (3xxxx: no premium) that PIN and receipt messages leave from. */
export const SANDBOX_PIN_SENDER = "38100";
