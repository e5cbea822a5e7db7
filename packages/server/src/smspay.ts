// The composition root: builds smspay from its configuration.

import {
  type AccountService,
  AttentionService,
  CarrierBillingFlow,
  type CoreDeps,
  DEFAULT_CORE_SETTINGS,
  DeadLetters,
  DisputeService,
  EffectRunner,
  InboundHandler,
  type InboundWebhookTransport,
  NotificationService,
  OtpCountrySettings,
  PaymentService,
  PhoneVault,
  PublisherSettings,
  Reconciler,
  RefundService,
  SettlementService,
  type SmsTransport,
  systemClock,
  validateTariffs,
  validateTransitionTable,
  WebhookEndpoints,
} from "@smspay/core";
import {
  createPrismaSandboxLedger,
  createPrismaStore,
  type Database,
  migrate,
  openDatabase,
} from "@smspay/db";
import { createMagentoAdapter } from "@smspay/magento";
import { createShopifyApp } from "@smspay/shopify";
import {
  buildCarrierBilling,
  buildTransports,
  cloudTransports,
  NO_CARRIER_BILLING,
  SANDBOX_FEE_RULES,
  SANDBOX_PIN_SENDER,
  SANDBOX_TARIFFS,
  SANDBOX_TRANSPORT,
  SandboxOperator,
} from "@smspay/sms";
import { createWooCommerceAdapter } from "@smspay/woocommerce";
import type { Express } from "express";
import { createApp } from "./app.ts";
import { batchedCompletions } from "./batched-completions.ts";
import type { Config } from "./config.ts";
import { crashingTransport } from "./crash-point.ts";
import { dashboardServices } from "./dashboard/dashboard-services.ts";
import type { Logger } from "./logger.ts";
import { AddressPolicy } from "./outbound-addresses.ts";
import { OutboundUrlGuard } from "./outbound-url-guard.ts";
import { PlatformRegistry } from "./platform-registry.ts";
import { ReconcileSchedule } from "./reconcile-schedule.ts";
import { checkoutServices } from "./routes/checkout.ts";
import { cachedShortCodes } from "./tariff-cache.ts";
import { HttpWebhookSender } from "./webhook-sender.ts";
import { Worker } from "./worker.ts";

export type Smspay = {
  readonly app: Express;
  readonly worker: Worker;
  readonly db: Database;
  readonly deps: CoreDeps;
  readonly payments: PaymentService;
  readonly inbound: InboundHandler;
  readonly sandbox: SandboxOperator | undefined;
  readonly deadLetters: DeadLetters;
  /** Shop platforms merchants can connect (each adapter package registers its factory). */
  readonly platforms: PlatformRegistry;
  readonly settlements: SettlementService;
  /** Where transports report an operator's void of a charge (recordOperatorVoid). */
  readonly disputes: DisputeService;
  /** Compares payments with shops and transports; the worker's schedule runs it periodically. */
  readonly reconciler: Reconciler;
  readonly reconcileSchedule: ReconcileSchedule;
  /** Dashboard users and sessions (`smspay user create`). */
  readonly accounts: AccountService;
  close(): Promise<void>;
};

/** `options.db`: an already open database (tests hand in fresh ones); smspay then owns it. */
export async function createSmspay(
  config: Config,
  log: Logger,
  options: { db?: Database } = {},
): Promise<Smspay> {
  const tableProblems = [...validateTransitionTable(), ...validateTariffs(SANDBOX_TARIFFS)];
  if (tableProblems.length > 0)
    throw new Error(`invalid built-in tables: ${tableProblems.join("; ")}`);

  const db =
    options.db ??
    (await openDatabase({
      ...config.database,
      poolSize: config.databasePoolSize,
      onPoolError: (error) => log.warn({ err: error }, "database connection lost"),
    }));
  await migrate(db);
  const rawStore = createPrismaStore(db.prisma);
  const store = {
    ...rawStore,
    shortCodes: cachedShortCodes(rawStore.shortCodes),
    effects: batchedCompletions(rawStore.effects),
  };
  const vault = new PhoneVault(config.keys);
  // Merchants' URLs (webhook endpoints, shop base URLs) never lead into smspay's own network.
  const outbound = new OutboundUrlGuard({ policy: new AddressPolicy(config.outboundAllow) });

  let worker: Worker | undefined;
  const deps: CoreDeps = {
    store,
    vault,
    clock: systemClock,
    settings: {
      ...DEFAULT_CORE_SETTINGS,
      paymentTtlMs: config.paymentTtlMinutes * 60_000,
      reference: { ...DEFAULT_CORE_SETTINGS.reference, length: config.referenceLength },
      pinRoute: config.pinRoute ?? { transport: SANDBOX_TRANSPORT, sender: SANDBOX_PIN_SENDER },
      testMode: {
        production: config.production,
        sandbox: config.sandbox,
        sandboxTransport: SANDBOX_TRANSPORT,
      },
      ...(config.publisher ? { publisher: config.publisher } : {}),
    },
    effectsQueued: () => worker?.wake(),
    checkOutboundUrl: (url, field) => outbound.checkUrl(url, field),
  };
  const payments = new PaymentService(deps);
  const inbound = new InboundHandler(deps);
  const carrierBilling = new CarrierBillingFlow(deps);

  let sandbox: SandboxOperator | undefined;
  const transports = new Map<string, SmsTransport>();
  if (config.sandbox) {
    sandbox = new SandboxOperator({
      ledger: createPrismaSandboxLedger(db.prisma),
      vault,
      clock: systemClock,
      deliver: (event) => inbound.handle(event),
      onDeliveryError: (error) => log.warn({ err: error }, "sandbox receipt not delivered"),
    });
    transports.set(
      sandbox.name,
      config.testCrashAt ? crashingTransport(sandbox, config.testCrashAt) : sandbox,
    );
    for (const tariff of SANDBOX_TARIFFS) {
      await store.shortCodes.upsert({
        ...tariff,
        id: `sc_sandbox_${tariff.shortCode}_${tariff.keyword}`,
        merchantId: null,
      });
    }
  }
  const smsWebhooks = new Map<string, InboundWebhookTransport>();
  for (const transport of cloudTransports(config.cloudSms ?? {}, config.publicUrl, {
    timeoutMs: config.outboundTimeoutMs,
  })) {
    transports.set(transport.name, transport);
    smsWebhooks.set(transport.name, transport);
  }
  // Kannel and SMPP from SMSPAY_TRANSPORTS: their MTs follow the routing table (with failover).
  const configured = config.transports
    ? buildTransports(config.transports, {
        publicUrl: config.publicUrl,
        deliver: (event) => inbound.handle(event),
        onEvent: (transport, event, detail) =>
          log.info({ transport, event, detail }, "SMS transport"),
        timeoutMs: config.outboundTimeoutMs,
      })
    : undefined;
  for (const [name, sender] of configured?.senders ?? []) transports.set(name, sender);
  for (const [name, webhook] of configured?.webhooks ?? []) smsWebhooks.set(name, webhook);
  configured?.start();
  // Live charges go to the operator routing the phone; test ones to the sandbox (test-mode.ts).
  const billing = {
    live: buildCarrierBilling(config.carrierBilling ?? NO_CARRIER_BILLING, {
      timeoutMs: config.outboundTimeoutMs,
    }),
    ...(sandbox ? { sandbox } : {}),
  };
  if (sandbox) for (const rule of SANDBOX_FEE_RULES) await store.feeRules.upsert(rule);
  const platforms = new PlatformRegistry({
    vault,
    publicUrl: config.publicUrl,
    log,
    checkUrl: (url, field) => outbound.checkUrl(url, field),
  });
  platforms.registerPlatform(
    "magento",
    (platformConfig) =>
      createMagentoAdapter(platformConfig, {
        timeoutMs: config.outboundTimeoutMs,
        fetch: outbound.fetch,
      }),
    { urlFields: ["baseUrl"] },
  );
  const wooAgents = outbound.agents();
  platforms.registerPlatform(
    "woocommerce",
    (platformConfig) =>
      createWooCommerceAdapter(platformConfig, {
        timeoutMs: config.outboundTimeoutMs,
        agents: wooAgents,
      }),
    { urlFields: ["url"] },
  );
  const refunds = new RefundService(deps);
  const shopify = config.shopify
    ? createShopifyApp({
        config: config.shopify,
        prisma: db.prisma,
        core: deps,
        payments,
        refunds,
        publicUrl: config.publicUrl,
        sandbox: sandbox !== undefined,
        log,
        timeoutMs: config.outboundTimeoutMs,
      })
    : undefined;
  if (shopify) platforms.registerPlatform("shopify", shopify.adapterFactory);
  else
    log.info("Shopify app off: SHOPIFY_API_KEY, SHOPIFY_API_SECRET and SHOPIFY_APP_URL are unset");
  const webhooks = new HttpWebhookSender({
    publicUrl: config.publicUrl,
    timeoutMs: config.webhookTimeoutMs,
    clock: systemClock,
    fetch: outbound.fetch,
  });
  const runner = new EffectRunner(deps, { transports, billing, webhooks, platforms });
  worker = new Worker({
    store,
    runner,
    payments,
    retry: deps.settings.retry,
    leaseMs: config.effectLeaseMs,
    callTimeoutMs: Math.max(config.webhookTimeoutMs, config.outboundTimeoutMs),
    log,
  });
  const deadLetters = new DeadLetters(deps);
  const settlements = new SettlementService(deps);
  const disputes = new DisputeService(deps);
  const reconciler = new Reconciler(
    deps,
    {
      platforms,
      statusQueries: new Map(sandbox ? [[sandbox.name, sandbox]] : []),
      receipts: inbound,
      settlements,
      onError: (error, context) =>
        log.warn({ err: error, ...context }, "reconciliation step failed"),
    },
    { stuckAfterMs: config.reconcileStuckAfterMs },
  );
  const reconcileSchedule = new ReconcileSchedule({
    reconciler,
    everyMs: config.reconcileEveryMs,
    log,
  });

  const dashboard = dashboardServices({
    deps,
    hashKey: config.keys.hashKey,
    publicUrl: config.publicUrl,
    log,
    payments,
    refunds,
    settlements,
    deadLetters,
    sandbox: sandbox !== undefined,
    transportNames: [...transports.keys()],
    transportSettings: config.transports,
  });
  const app = createApp({
    store,
    payments,
    carrierBilling,
    vault,
    sandbox,
    webhookEndpoints: new WebhookEndpoints(deps),
    refunds,
    disputes,
    settlements,
    attention: new AttentionService(store, () => deps.clock.now()),
    deadLetters,
    platforms,
    checkout: checkoutServices(deps),
    notifications: new NotificationService(deps, (id) => `${config.publicUrl}/pay/${id}`),
    smsWebhooks: { transports: smsWebhooks, inbound },
    dashboard,
    smsSettings: {
      publisher: new PublisherSettings(deps),
      otpCountries: new OtpCountrySettings(deps),
    },
    publicUrl: config.publicUrl,
    log,
    ping: async () => {
      await db.prisma.$queryRaw`SELECT 1`;
    },
    ...(shopify ? { shopify: shopify.router } : {}),
  });

  return {
    app,
    worker,
    db,
    deps,
    payments,
    inbound,
    sandbox,
    deadLetters,
    platforms,
    settlements,
    disputes,
    reconciler,
    reconcileSchedule,
    accounts: dashboard.accounts,
    close: async () => {
      await reconcileSchedule.stop();
      await worker?.stop();
      await configured?.close();
      await outbound.close();
      await db.close();
    },
  };
}
