// How smspay reaches one Magento shop, parsed once when the merchant connects
// the platform. Two ways to authenticate an integration (System > Extensions >
// Integrations): OAuth 1.0a request signing with its four credentials, which
// every Magento since 2.4.4 accepts, or the access token alone as a bearer
// token, which Magento accepts only when the merchant enabled
// Stores > Configuration > Services > OAuth > "Allow OAuth Access Tokens to be
// used as standalone Bearer tokens" (oauth/consumer/enable_integration_as_bearer).

import { z } from "zod";

const secret = z.string().trim().min(1).max(255);

const shopUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.search === "";
    } catch {
      return false;
    }
  }, "must be the shop's http(s) base URL, without a query")
  // One form for every caller: no trailing slash ("https://shop.example/").
  .transform((value) => value.replace(/\/+$/, ""));

export const magentoConfigSchema = z
  .object({
    /** The storefront base URL; the REST API lives under `<baseUrl>/rest/`. */
    baseUrl: shopUrl,
    /** A store view code for `/rest/<code>/V1/…`; without it, Magento's default store. */
    storeCode: z
      .string()
      .regex(/^[a-z0-9_]{1,32}$/, "a Magento store code such as default")
      .optional(),
    auth: z.discriminatedUnion("type", [
      z
        .object({
          type: z.literal("oauth1"),
          consumerKey: secret,
          consumerSecret: secret,
          accessToken: secret,
          accessTokenSecret: secret,
        })
        .strict(),
      z.object({ type: z.literal("bearer"), accessToken: secret }).strict(),
    ]),
    timeoutMs: z.number().int().min(1_000).max(60_000).default(10_000),
  })
  .strict();

export type MagentoConfig = z.output<typeof magentoConfigSchema>;
export type MagentoConfigInput = z.input<typeof magentoConfigSchema>;
export type MagentoAuth = MagentoConfig["auth"];
