// The core's storage ports over Prisma (PostgreSQL or PGlite). Every
// repository is a set of functions bound to a query client: the PrismaClient
// outside transactions, an interactive transaction's `tx` inside one.

import type { Repositories, Store } from "@smspay/core";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { apiKeyRepository } from "./repositories/api-key-repository.ts";
import { attentionRepository } from "./repositories/attention-repository.ts";
import { checkoutEventRepository } from "./repositories/checkout-event-repository.ts";
import { checkoutSettingsRepository } from "./repositories/checkout-settings-repository.ts";
import { dashboardQueryRepository } from "./repositories/dashboard-query-repository.ts";
import { dashboardSessionRepository } from "./repositories/dashboard-session-repository.ts";
import { disputeRepository } from "./repositories/dispute-repository.ts";
import { effectRepository } from "./repositories/effect-repository.ts";
import { expressConsentRepository } from "./repositories/express-consent-repository.ts";
import { feeRuleRepository } from "./repositories/fee-rule-repository.ts";
import { inboundMessageRepository } from "./repositories/inbound-message-repository.ts";
import { loginThrottleRepository } from "./repositories/login-throttle-repository.ts";
import { merchantRepository } from "./repositories/merchant-repository.ts";
import { merchantUserRepository } from "./repositories/merchant-user-repository.ts";
import { monthlySpendRepository } from "./repositories/monthly-spend-repository.ts";
import { notificationRepository } from "./repositories/notification-repository.ts";
import { optOutRepository } from "./repositories/opt-out-repository.ts";
import { otpCountriesRepository } from "./repositories/otp-countries-repository.ts";
import { otpRepository } from "./repositories/otp-repository.ts";
import { otpSendRepository } from "./repositories/otp-send-repository.ts";
import { outboundMessageRepository } from "./repositories/outbound-message-repository.ts";
import { parkedReceiptRepository } from "./repositories/parked-receipt-repository.ts";
import { paymentRepository } from "./repositories/payment-repository.ts";
import { platformConnectionRepository } from "./repositories/platform-connection-repository.ts";
import { publisherRepository } from "./repositories/publisher-repository.ts";
import { reconcileRepository } from "./repositories/reconcile-repository.ts";
import { refundRepository } from "./repositories/refund-repository.ts";
import { settlementRepository } from "./repositories/settlement-repository.ts";
import { shortCodeRepository } from "./repositories/short-code-repository.ts";
import { ssoTokenRepository } from "./repositories/sso-token-repository.ts";
import { webhookEndpointRepository } from "./repositories/webhook-endpoint-repository.ts";
import { webhookEventRepository } from "./repositories/webhook-event-repository.ts";
import type { DbClient } from "./types.ts";

export function createRepositories(db: DbClient): Repositories {
  return {
    merchants: merchantRepository(db),
    apiKeys: apiKeyRepository(db),
    shortCodes: shortCodeRepository(db),
    payments: paymentRepository(db),
    inbound: inboundMessageRepository(db),
    parkedReceipts: parkedReceiptRepository(db),
    outbound: outboundMessageRepository(db),
    effects: effectRepository(db),
    spend: monthlySpendRepository(db),
    otp: otpRepository(db),
    optOuts: optOutRepository(db),
    publishers: publisherRepository(db),
    notifications: notificationRepository(db),
    otpSends: otpSendRepository(db),
    otpCountries: otpCountriesRepository(db),
    webhookEndpoints: webhookEndpointRepository(db),
    webhookEvents: webhookEventRepository(db),
    platformConnections: platformConnectionRepository(db),
    checkoutSettings: checkoutSettingsRepository(db),
    checkoutEvents: checkoutEventRepository(db),
    expressConsents: expressConsentRepository(db),
    refunds: refundRepository(db),
    disputes: disputeRepository(db),
    settlements: settlementRepository(db),
    feeRules: feeRuleRepository(db),
    attention: attentionRepository(db),
    reconcile: reconcileRepository(db),
    users: merchantUserRepository(db),
    dashboardSessions: dashboardSessionRepository(db),
    loginThrottle: loginThrottleRepository(db),
    ssoTokens: ssoTokenRepository(db),
    dashboard: dashboardQueryRepository(db),
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
