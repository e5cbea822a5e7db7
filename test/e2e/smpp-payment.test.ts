// Short-code payments through SMPP 3.4 against testkit's SMSC simulator (a
// real SMPP server on a loopback port) and a real smspay configured with
// SMPP transports: the MO arrives as deliver_sm, the billed MT leaves as
// submit_sm, the receipt comes back as deliver_sm (esm_class 0x04). Also:
// a receipt that overtakes its submit_sm_resp, a throttling SMSC, and
// failover to a second SMSC when the first is down.

import { randomBytes } from "node:crypto";
import {
  eventually,
  type Json,
  type RunningSmspay,
  startSmspay,
  TestShop,
} from "@smspay/server/testing";
import { parseTransportSettings } from "@smspay/sms";
import { SmscSimulator, type SmscSimulatorOptions, testDatabases } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe.each(testDatabases())("payments through SMPP on $kind", (factory) => {
  let smspay: RunningSmspay;
  let primary: SmscSimulator;
  let backup: SmscSimulator;
  let merchant: TestShop;
  let phones = 0;
  const password = randomBytes(4).toString("hex");

  const smsc = (options: Partial<SmscSimulatorOptions> = {}) =>
    SmscSimulator.start({ systemId: "smspay", password, receipts: "after_response", ...options });

  beforeAll(async () => {
    primary = await smsc();
    backup = await smsc();
    const settings = parseTransportSettings(
      JSON.stringify({
        transports: [smppTransport("primary", primary.port), smppTransport("backup", backup.port)],
        // MTs from 81200 prefer the primary SMSC and fail over to the backup.
        routes: [{ senders: ["81200"], via: ["primary", "backup"] }],
        circuitBreaker: { failures: 2, openSeconds: 60 },
      }),
      { SMPP_E2E_PASSWORD: password },
    );
    smspay = await startSmspay({ db: (await factory.open()).db, config: { transports: settings } });
    merchant = await TestShop.open(smspay, "Fromagerie SMPP");
    await eventually(
      async () => primary.binds + backup.binds,
      (binds) => binds === 2,
    );
  });
  afterAll(async () => {
    await smspay?.close();
    await primary?.close();
    await backup?.close();
  });

  /** A customer paying `shop` by SMS through `via`; resolves once the payment is final. */
  const pay = async (amount: number, via: SmscSimulator, shop = merchant) => {
    const payment = await shop.create(amount);
    const phone = `+336123${String(45_100 + phones++).padStart(5, "0")}`;
    expect(await via.sendMo({ from: phone, to: payment.shortCode, text: payment.smsText })).toBe(0);
    const settled = await shop.settled(payment.id);
    const timeline = await shop.api("GET", `/v1/payments/${payment.id}/events`);
    return { payment, phone, settled, events: timeline.body.data as Json[] };
  };

  it("takes a short-code payment from deliver_sm to the delivery receipt", async () => {
    const { settled, phone, events } = await pay(450, primary);
    expect(settled.status).toBe("succeeded");
    const mt = primary.received().find((m) => m.to === phone);
    expect(mt).toMatchObject({ from: "81450", registeredDelivery: 1, dataCoding: 0, parts: 1 });
    expect(mt?.text).toContain("Fromagerie SMPP");
    expect(events.find((e) => e.type === "processing")?.data).toMatchObject({
      via: "mo",
      transport: "primary",
    });
  });

  it("applies a receipt that arrives before the submit_sm_resp was recorded", async () => {
    const fast = await smsc({ receipts: "before_response" });
    const settings = parseTransportSettings(
      JSON.stringify({ transports: [smppTransport("fast", fast.port)] }),
      { SMPP_E2E_PASSWORD: password },
    );
    const other = await startSmspay({
      db: (await factory.open()).db,
      config: { transports: settings },
    });
    try {
      await eventually(
        async () => fast.binds,
        (binds) => binds === 1,
      );
      const { settled, events } = await pay(
        450,
        fast,
        await TestShop.open(other, "Fromagerie SMPP"),
      );
      expect(settled.status).toBe("succeeded");
      const types = events.map((e) => e.type);
      expect(types).toContain("mt_sent");
      expect(types.indexOf("succeeded")).toBeGreaterThan(types.indexOf("mt_sent"));
    } finally {
      await other.close();
      await fast.close();
    }
  });

  it("retries a throttled submit_sm after backing off", async () => {
    const before = primary.submits;
    primary.throttleNext(3);
    const { settled, phone } = await pay(450, primary);
    expect(settled.status).toBe("succeeded");
    // Three ESME_RTHROTTLED answers, then the accepted submit.
    expect(primary.submits - before).toBe(4);
    expect(primary.received().filter((m) => m.to === phone)).toHaveLength(1);
  });

  it("fails the billed MT over to the backup SMSC when the primary is down", async () => {
    await primary.stop();
    try {
      const { settled, phone } = await pay(200, backup);
      expect(settled.status).toBe("succeeded");
      const mt = backup.received().find((m) => m.to === phone);
      expect(mt).toMatchObject({ from: "81200" });
      // The receipt came from the backup, and found the MT there: the MT records who carried it.
      expect(primary.received().some((m) => m.to === phone)).toBe(false);
    } finally {
      await primary.restart();
    }
  });
});

function smppTransport(name: string, port: number) {
  return {
    name,
    type: "smpp",
    host: "127.0.0.1",
    port,
    systemId: "smspay",
    password: { env: "SMPP_E2E_PASSWORD" },
    enquireLinkSeconds: 5,
  };
}
