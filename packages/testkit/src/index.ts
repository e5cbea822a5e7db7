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
  type FakeOrderView,
  type PlatformFixture,
  platformAdapterContract,
} from "./platform-adapter-contract.ts";
export {
  type ContractStore,
  type ContractStoreFactory,
  repositoryContract,
} from "./repository-contract.ts";
