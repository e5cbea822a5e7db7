// The sandbox operator's records in the database, so a virtual phone's
// history survives a restart like a real operator's logs.

import type { SandboxChargeRecord, SandboxLedger, SandboxRecord } from "@smspay/sms";
import type { PrismaClient } from "./generated/prisma/client.ts";

export function createPrismaSandboxLedger(prisma: PrismaClient): SandboxLedger {
  return {
    async append(record: SandboxRecord): Promise<boolean> {
      const { count } = await prisma.sandboxMessage.createMany({
        data: [record],
        skipDuplicates: true,
      });
      return count === 1;
    },

    async forPhone({ phoneHash, limit }): Promise<SandboxRecord[]> {
      const rows = await prisma.sandboxMessage.findMany({
        where: { phoneHash },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.reverse().map((row) => ({
        id: row.id,
        phoneHash: row.phoneHash,
        phoneCipher: row.phoneCipher,
        shortCode: row.shortCode,
        direction: row.direction === "mo" ? "mo" : "mt",
        text: row.text,
        billedAmount: row.billedAmount,
        currency: row.currency,
        at: row.at,
      }));
    },

    async charge(record: SandboxChargeRecord): Promise<SandboxChargeRecord> {
      await prisma.sandboxCharge.createMany({ data: [record], skipDuplicates: true });
      const stored = await prisma.sandboxCharge.findUniqueOrThrow({
        where: { clientCorrelator: record.clientCorrelator },
      });
      return {
        clientCorrelator: stored.clientCorrelator,
        phoneHash: stored.phoneHash,
        amount: stored.amount,
        currency: stored.currency,
        status: stored.status === "charged" ? "charged" : "declined",
        at: stored.at,
      };
    },
  };
}
