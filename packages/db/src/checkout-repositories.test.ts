import { checkoutRepositoryContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("checkout storage on $kind", (database) => {
  checkoutRepositoryContract(async () => {
    const db = await database.open();
    return { store: createPrismaStore(db.prisma), close: () => db.close() };
  });
});
