// The sandbox operator runs the transport contract like every real transport:
// its records live in a real (PGlite) database, as in `smspay start`.

import { randomBytes } from "node:crypto";
import { PhoneVault, systemClock } from "@smspay/core";
import { createPrismaSandboxLedger } from "@smspay/db";
import { type PeerMt, pgliteTestDatabase, transportContract } from "@smspay/testkit";
import { SandboxOperator } from "./sandbox/sandbox-operator.ts";

transportContract(
  "sandbox",
  { inbound: "push", canGoDown: false, credentials: false },
  async (harness) => {
    const db = await pgliteTestDatabase().open();
    const vault = new PhoneVault({ hashKey: randomBytes(32), dataKey: randomBytes(32) });
    const ledger = createPrismaSandboxLedger(db.prisma);
    // The ledger answers per phone: remember the phones the operator wrote about.
    const phoneHashes = new Set<string>();
    const sandbox = new SandboxOperator({
      ledger: {
        ...ledger,
        append: (record) => {
          phoneHashes.add(record.phoneHash);
          return ledger.append(record);
        },
      },
      vault,
      clock: systemClock,
      deliver: harness.deliver,
      onDeliveryError: (error) => {
        throw error;
      },
    });
    const mos = new Map<string, { from: string; to: string; text: string }>();
    return {
      transport: sandbox,
      shortCode: "81450",
      splitsLongMessages: false,
      peer: {
        async received() {
          const mts: PeerMt[] = [];
          for (const phoneHash of phoneHashes) {
            for (const record of await ledger.forPhone({ phoneHash, limit: 200 })) {
              if (record.direction !== "mt") continue;
              mts.push({
                providerMessageId: `sbx-${record.id}`,
                from: record.shortCode,
                to: vault.open(record.phoneCipher),
                text: record.text,
                parts: 1,
              });
            }
          }
          return mts;
        },
        async sendMo(mo) {
          const { messageId } = await sandbox.receiveMo(mo);
          mos.set(messageId, mo);
          return { providerMessageId: messageId };
        },
        async redeliverMo(providerMessageId) {
          const mo = mos.get(providerMessageId);
          if (!mo) throw new Error(`the sandbox never delivered ${providerMessageId}`);
          await sandbox.receiveMo({ ...mo, messageId: providerMessageId });
        },
        receipts: {
          mode: "by_recipient",
          recipient: (outcome) => (outcome === "delivered" ? "+33612340001" : "+33600000004"),
        },
        refusedRecipient: "+33600000002",
      },
      close: () => db.close(),
    };
  },
);
