// Starting a carrier-billing charge once the customer has proved they hold the
// phone: a right PIN (carrier-billing-flow.ts) or a YES reply to an express
// request (express-flow.ts). Both go the same way from here.

import type { CoreDeps } from "./core-deps.ts";
import { newId } from "./ids.ts";
import { limitsFor, spendPeriod } from "./limits.ts";
import type { Payment } from "./payment.ts";
import { transition } from "./payment-lifecycle.ts";
import { lastDigits } from "./phone.ts";
import type { Repositories } from "./ports.ts";

/**
 * Reserves the amount against the phone's monthly cap, moves the locked,
 * pending `payment` to processing and queues the charge, all in `tx`.
 * Returns false, changing nothing, when the cap would be passed.
 */
export async function startCarrierCharge(
  tx: Repositories,
  deps: Pick<CoreDeps, "vault">,
  input: {
    readonly payment: Payment;
    readonly phoneHash: string;
    readonly phoneCipher: string;
    readonly via: "pin" | "express";
    readonly at: Date;
  },
): Promise<boolean> {
  const { payment, phoneHash, phoneCipher, at } = input;
  const merchant = await tx.merchants.get(payment.merchantId);
  const cap = merchant ? limitsFor(merchant.limits, payment.currency) : undefined;
  const reserved =
    cap !== undefined &&
    (await tx.spend.reserve({
      merchantId: payment.merchantId,
      phoneHash,
      period: spendPeriod(at),
      currency: payment.currency,
      amount: payment.amount,
      cap: cap.monthly,
    }));
  if (!reserved) return false;
  await transition(tx, payment, "processing", {
    at,
    changes: { phoneHash, phoneCipher, phoneLast4: lastDigits(deps.vault.open(phoneCipher)) },
    data: { via: input.via },
  });
  await tx.effects.enqueue({
    id: newId("eff"),
    kind: "charge",
    payload: { paymentId: payment.id },
    paymentId: payment.id,
    runAt: at,
  });
  return true;
}
