// One transaction over the core's repositories and the app's own tables, for
// the changes that must land together (a shop and its merchant at install).

import type { Repositories } from "@smspay/core";
import { createRepositories, type PrismaClient } from "@smspay/db";
import { type ShopifyStore, shopifyStore } from "./shopify-store.ts";

export type ShopTx = { readonly core: Repositories; readonly shopify: ShopifyStore };

export type ShopTransaction = <T>(work: (tx: ShopTx) => Promise<T>) => Promise<T>;

export function shopTransaction(prisma: PrismaClient): ShopTransaction {
  return (work) =>
    prisma.$transaction((tx) => work({ core: createRepositories(tx), shopify: shopifyStore(tx) }));
}
