export { verifyWooWebhook } from "./woo-webhook.ts";
export {
  createWooCommerceAdapter,
  WOO_GATEWAY_ID,
  WOO_PAYMENT_META,
  WOO_REFUND_META,
  WooCommerceAdapter,
} from "./woocommerce-adapter.ts";
export {
  type WooClientOptions,
  WooCommerceApiError,
  WooCommerceClient,
} from "./woocommerce-client.ts";
export {
  parseWooCommerceConfig,
  type WooCommerceConfig,
  wooCommerceConfigSchema,
} from "./woocommerce-config.ts";
