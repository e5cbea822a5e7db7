// The sandbox operator's records in the database, so a virtual phone's
// history survives a restart like a real operator's logs.

import type {
  SandboxChargeRecord,
  SandboxLedger,
  SandboxRecord,
  SandboxRefundRecord,
} from "@smspay/sms";
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

    async message(id): Promise<SandboxRecord | undefined> {
      const row = await prisma.sandboxMessage.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    },

    async forPhone({ phoneHash, limit }): Promise<SandboxRecord[]> {
      const rows = await prisma.sandboxMessage.findMany({
        where: { phoneHash },
        orderBy: [{ at: "desc" }, { id: "desc" }],
        take: limit,
      });
      return rows.reverse().map(toRecord);
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

    async refund(record: SandboxRefundRecord) {
      // The charge row lock makes concurrent refunds of one charge take turns,
      // so together they can never pass what it charged.
      return prisma.$transaction(async (tx) => {
        const charges = await tx.$queryRaw<{ amount: number; status: string }[]>`
          SELECT amount, status FROM sandbox_charges WHERE client_correlator = ${record.chargeCorrelator} FOR UPDATE`;
        const earlier = await tx.sandboxRefund.findUnique({
          where: { clientCorrelator: record.clientCorrelator },
        });
        if (earlier) return { ...earlier, status: "refunded" as const };
        const charge = charges[0];
        if (charge?.status !== "charged") return "unknown_charge" as const;
        const { _sum } = await tx.sandboxRefund.aggregate({
          where: { chargeCorrelator: record.chargeCorrelator },
          _sum: { amount: true },
        });
        if ((_sum.amount ?? 0) + record.amount > charge.amount) return "exceeds_charge" as const;
        await tx.sandboxRefund.create({ data: record });
        return record;
      });
    },
  };
}

function toRecord(row: {
  id: string;
  phoneHash: string;
  phoneCipher: string;
  shortCode: string;
  direction: string;
  text: string;
  billedAmount: number | null;
  currency: string | null;
  at: Date;
}): SandboxRecord {
  return { ...row, direction: row.direction === "mo" ? "mo" : "mt" };
}
