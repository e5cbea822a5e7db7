export {
  createMagentoAdapter,
  MAGENTO_CREDIT_MEMO_REASON,
  MagentoAdapter,
} from "./magento-adapter.ts";
export { type MagentoClientOptions, MagentoRestClient } from "./magento-client.ts";
export {
  type MagentoConfig,
  type MagentoConfigInput,
  magentoConfigSchema,
} from "./magento-config.ts";
