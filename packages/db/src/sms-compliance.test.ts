import { smsComplianceContract, testDatabases } from "@smspay/testkit";
import { describe } from "vitest";
import { createPrismaStore } from "./prisma-store.ts";

describe.each(testDatabases())("SMS compliance storage on $kind", (database) => {
  smsComplianceContract(async () => {
    const db = await database.open();
    return { store: createPrismaStore(db.prisma), close: () => db.close() };
  });
});
