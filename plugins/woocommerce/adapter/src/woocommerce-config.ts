// The shop's WooCommerce REST API credentials, parsed once (a merchant's
// platform connection hands them in). Keys come from WooCommerce > Settings >
// Advanced > REST API and are never defaulted.

import { parseOrThrow } from "@smspay/core";
import { z } from "zod";

export const wooCommerceConfigSchema = z
  .object({
    /** The shop's home URL, e.g. https://shop.example (the API lives under /wp-json/wc/v3). */
    url: z.url({ protocol: /^https?$/ }).max(2048),
    consumerKey: z.string().regex(/^ck_[A-Za-z0-9]+$/, "must be a WooCommerce consumer key (ck_…)"),
    consumerSecret: z
      .string()
      .regex(/^cs_[A-Za-z0-9]+$/, "must be a WooCommerce consumer secret (cs_…)"),
    /**
     * Over HTTPS, send the keys as query parameters instead of basic auth, for
     * servers that strip the Authorization header. Plain-HTTP shops always use
     * OAuth 1.0a signatures in the query string (WooCommerce refuses keys in
     * clear there).
     */
    queryStringAuth: z.boolean().optional(),
  })
  .strict();

export type WooCommerceConfig = z.infer<typeof wooCommerceConfigSchema>;

export function parseWooCommerceConfig(input: unknown): WooCommerceConfig {
  return parseOrThrow(wooCommerceConfigSchema, input, "WooCommerce connection");
}
