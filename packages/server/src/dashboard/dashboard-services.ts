// The dashboard's services, composed from the core's dependencies and the
// services the merchant API uses (so both apply the same rules).

import { hkdfSync } from "node:crypto";
import {
  AccountService,
  ApiKeys,
  AttentionService,
  CheckoutSettingsService,
  type CoreDeps,
  DashboardQueries,
  type DeadLetters,
  type PaymentService,
  type RefundService,
  type SettlementService,
  SingleSignOn,
  WebhookEndpoints,
} from "@smspay/core";
import type { TransportSettings } from "@smspay/sms";
import type { Logger } from "../logger.ts";
import type { DashboardDeps } from "./dashboard-routes.ts";
import { argon2Hasher } from "./password-hasher.ts";

export function dashboardServices(input: {
  deps: CoreDeps;
  /** The server's phone-hash key: the SSO signing key is derived from it (HKDF), never stored. */
  hashKey: Buffer;
  publicUrl: string;
  log: Logger;
  payments: PaymentService;
  refunds: RefundService;
  settlements: SettlementService;
  deadLetters: DeadLetters;
  sandbox: boolean;
  /** Every transport smspay sends through, by name. */
  transportNames: readonly string[];
  transportSettings: TransportSettings | undefined;
}): DashboardDeps {
  const { deps } = input;
  const accounts = new AccountService({ ...deps, passwords: argon2Hasher });
  const ssoKey = Buffer.from(hkdfSync("sha256", input.hashKey, "", "smspay dashboard sso v1", 32));
  const configured = input.transportSettings?.transports ?? [];
  return {
    store: deps.store,
    clock: deps.clock,
    vault: deps.vault,
    accounts,
    sso: new SingleSignOn({ store: deps.store, clock: deps.clock, key: ssoKey, accounts }),
    apiKeys: new ApiKeys(deps),
    queries: new DashboardQueries(deps.store),
    payments: input.payments,
    refunds: input.refunds,
    settlements: input.settlements,
    attention: new AttentionService(deps.store, () => deps.clock.now()),
    deadLetters: input.deadLetters,
    webhookEndpoints: new WebhookEndpoints(deps),
    checkoutSettings: new CheckoutSettingsService(deps),
    routing: {
      sandbox: input.sandbox,
      transports: input.transportNames
        .filter((name) => name !== "sandbox")
        .map((name) => ({ name, type: configured.find((t) => t.name === name)?.type ?? name })),
      routes: input.transportSettings?.routes ?? [],
    },
    publicUrl: input.publicUrl,
    log: input.log,
  };
}
