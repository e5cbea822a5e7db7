import { notificationRepositoryContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("notification repositories on $kind", (database) => {
  notificationRepositoryContract(async () => {
    const db = await database.open();
    return { store: createPrismaStore(db.prisma), close: () => db.close() };
  });
});
