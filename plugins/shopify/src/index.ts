export {
  API_VERSIONS,
  type ApiVersion,
  isSupportedApiVersion,
  LATEST_API_VERSION,
} from "./api-versions.ts";
export { ShopifyAdapter } from "./shopify-adapter.ts";
export {
  createShopifyApp,
  SHOPIFY_SCOPES,
  type ShopifyApp,
  type ShopifyAppDeps,
} from "./shopify-app.ts";
export { loadShopifyConfig, type ShopifyAppConfig } from "./shopify-config.ts";
export { shopifyWebhookHmac, verifyShopifyWebhook } from "./webhook-hmac.ts";
