// The SMPP transport against testkit's SMSC simulator (the server side of the
// same npm package) on a loopback port.

import { randomBytes } from "node:crypto";
import type { InboundEvent, InboundSms } from "@smspay/core";
import { type PeerMo, SmscSimulator, transportContract } from "@smspay/testkit";
import { SmppTransport } from "./smpp-transport.ts";

transportContract(
  "smpp",
  { inbound: "push", canGoDown: true, credentials: true },
  async (harness) => {
    const password = randomBytes(6).toString("hex");
    const smsc = await SmscSimulator.start({ systemId: "smspay", password });
    // The MOs the transport pushed, to tell the test which id each got.
    const pushed: InboundSms[] = [];
    const sentMos = new Map<string, PeerMo>();
    const connect = (secret: string) => {
      const transport = new SmppTransport({
        name: "smpp",
        host: "127.0.0.1",
        port: smsc.port,
        systemId: "smspay",
        password: secret,
        bindWaitMs: 2_000,
        reconnect: { initialMs: 50, maxMs: 400 },
        deliver: async (event: InboundEvent) => {
          if (event.type === "mo_received") pushed.push(event);
          await harness.deliver(event);
        },
      });
      transport.start();
      return transport;
    };
    const transport = connect(password);
    let refused = 0;
    return {
      transport,
      shortCode: "84500",
      splitsLongMessages: true,
      peer: {
        async received() {
          return smsc.received().map((mt) => ({
            providerMessageId: mt.messageId,
            from: mt.from,
            to: mt.to,
            text: mt.text,
            parts: mt.parts,
          }));
        },
        async sendMo(mo) {
          const status = await smsc.sendMo(mo);
          if (status !== 0) throw new Error(`deliver_sm answered 0x${status.toString(16)}`);
          const event = pushed.findLast((e) => e.from === mo.from && e.text === mo.text);
          if (!event) throw new Error("the transport acknowledged an MO it did not push");
          sentMos.set(event.providerMessageId, mo);
          return { providerMessageId: event.providerMessageId };
        },
        async redeliverMo(providerMessageId) {
          const mo = sentMos.get(providerMessageId);
          if (!mo) throw new Error(`the SMSC never delivered ${providerMessageId}`);
          await smsc.sendMo(mo);
        },
        receipts: {
          mode: "on_demand",
          async send({ providerMessageId, outcome }) {
            await smsc.sendReceipt({
              messageId: providerMessageId,
              stat: outcome === "delivered" ? "DELIVRD" : "UNDELIV",
            });
          },
        },
        get refusedRecipient() {
          const number = `+3361111${String(refused++).padStart(4, "0")}`;
          smsc.refuseDestination(number);
          return number;
        },
        async goDown() {
          await smsc.stop();
          return () => smsc.restart();
        },
      },
      async withWrongCredentials() {
        const wrong = connect("not-the-password");
        return { transport: wrong, close: () => wrong.close() };
      },
      close: async () => {
        await transport.close();
        await smsc.close();
      },
    };
  },
);
