export { afterSaleRepositoryContract } from "./after-sale-repository-contract.ts";
export { checkoutRepositoryContract } from "./checkout-repository-contract.ts";
export { closeAfterEach } from "./close-after-each.ts";
export { dashboardRepositoryContract } from "./dashboard-repository-contract.ts";
export {
  createPostgresDatabase,
  DEFAULT_TEST_PG_URL,
  pgliteTestDatabase,
  postgresTestDatabase,
  type ScratchPostgresDatabase,
  type TestDatabase,
  type TestDatabaseFactory,
  testDatabases,
  testPostgresServerUrl,
} from "./databases.ts";
export {
  BirdFake,
  type BirdFakeMessage,
  type BirdFakeOptions,
  type BirdSubscription,
} from "./fakes/bird.ts";
export {
  callWebhook,
  FakeHttpServer,
  type RecordingWebhook,
  recordingWebhook,
} from "./fakes/fake-http.ts";
export { type HangingMode, HangingServer } from "./fakes/hanging-server.ts";
export {
  InfobipFake,
  type InfobipFakeMessage,
  type InfobipFakeOptions,
  type InfobipSubscription,
} from "./fakes/infobip.ts";
export {
  OneApiFake,
  type OneApiFakeAuth,
  type OneApiFakeOptions,
  type OneApiFakeTransaction,
} from "./fakes/oneapi.ts";
export { TwilioFake, type TwilioFakeMessage, type TwilioFakeOptions } from "./fakes/twilio.ts";
export {
  VonageFake,
  type VonageFakeMessage,
  type VonageFakeOptions,
} from "./fakes/vonage.ts";
export { fixturesAt, insertPayment, newMerchant, platformPayment, uid } from "./fixtures.ts";
export { notificationRepositoryContract } from "./notification-repository-contract.ts";
export { parkedReceiptContract } from "./parked-receipt-contract.ts";
export {
  type FakeOrderView,
  type PlatformFixture,
  platformAdapterContract,
} from "./platform-adapter-contract.ts";
export { rejection } from "./rejection.ts";
export {
  type ContractStore,
  type ContractStoreFactory,
  repositoryContract,
} from "./repository-contract.ts";
export { smsComplianceContract } from "./sms-compliance-contract.ts";
export {
  type ReceiptStat,
  type SimulatedMt,
  SmscSimulator,
  type SmscSimulatorOptions,
} from "./smsc-simulator.ts";
export {
  type PeerMo,
  type PeerMt,
  type PeerReceipts,
  type TransportFixture,
  type TransportHarness,
  type TransportPeer,
  type TransportTraits,
  transportContract,
} from "./transport-contract.ts";
export {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookAnswer,
  type WebhookReceiver,
} from "./webhook-receiver.ts";
