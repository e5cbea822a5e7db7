import { repositoryContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("PrismaStore on $kind", (database) => {
  repositoryContract(async () => {
    const db = await database.open();
    return {
      store: createPrismaStore(db.prisma),
      close: () => db.close(),
    };
  });
});
