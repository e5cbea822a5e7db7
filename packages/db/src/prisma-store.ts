// The core's storage ports over Prisma (PostgreSQL or PGlite). Every
// repository is a set of functions bound to a query client: the PrismaClient
// outside transactions, an interactive transaction's `tx` inside one.

import type { Repositories, Store } from "@smspay/core";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { apiKeyRepository } from "./repositories/api-key-repository.ts";
import { effectRepository } from "./repositories/effect-repository.ts";
import { inboundMessageRepository } from "./repositories/inbound-message-repository.ts";
import { merchantRepository } from "./repositories/merchant-repository.ts";
import { monthlySpendRepository } from "./repositories/monthly-spend-repository.ts";
import { otpRepository } from "./repositories/otp-repository.ts";
import { outboundMessageRepository } from "./repositories/outbound-message-repository.ts";
import { paymentRepository } from "./repositories/payment-repository.ts";
import { shortCodeRepository } from "./repositories/short-code-repository.ts";
import type { DbClient } from "./types.ts";

export function createRepositories(db: DbClient): Repositories {
  return {
    merchants: merchantRepository(db),
    apiKeys: apiKeyRepository(db),
    shortCodes: shortCodeRepository(db),
    payments: paymentRepository(db),
    inbound: inboundMessageRepository(db),
    outbound: outboundMessageRepository(db),
    effects: effectRepository(db),
    spend: monthlySpendRepository(db),
    otp: otpRepository(db),
  };
}

export function createPrismaStore(prisma: PrismaClient): Store {
  return {
    ...createRepositories(prisma),
    // Committed when `work` resolves, rolled back when it throws. `work` must
    // query only through the repositories it is given: on PGlite (one
    // connection) a query through the outer store waits for this transaction.
    transaction: (work) => prisma.$transaction((tx) => work(createRepositories(tx))),
  };
}
