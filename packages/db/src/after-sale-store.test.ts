import { afterSaleRepositoryContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("after-sale storage on $kind", (database) => {
  afterSaleRepositoryContract(async () => {
    const db = await database.open();
    return { store: createPrismaStore(db.prisma), close: () => db.close() };
  });
});
