import { parkedReceiptContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("parked receipts on $kind", (database) => {
  parkedReceiptContract(async () => {
    const db = await database.open();
    return { store: createPrismaStore(db.prisma), close: () => db.close() };
  });
});
