// Fees, net and settlement reports end to end: a real smspay (HTTP, worker,
// sandbox operator) on PGlite and on PostgreSQL, and the `smspay settlement`
// and `smspay reconcile` commands on PostgreSQL.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { openDatabase } from "@smspay/db";
import { createPostgresDatabase, testDatabases, testPostgresServerUrl } from "@smspay/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, type Json, TestShop } from "./test-client.ts";
import { type RunningSmspay, startSmspay, testConfig } from "./test-support.ts";

const GENERIC =
  "line_id,payment_id,provider_message_id,type,gross,operator_fee,aggregator_fee,net,currency,settled_on";

const uniqueLine = (name: string) => `${name}-${Math.random().toString(36).slice(2)}`;

describe.each(testDatabases())("fees and settlement on $kind", (factory) => {
  let smspay: RunningSmspay;
  let shop: TestShop;

  beforeAll(async () => {
    smspay = await startSmspay({ db: (await factory.open()).db });
    shop = await TestShop.open(smspay, "Fleuriste Iris");
  });
  afterAll(() => smspay.close());

  const importReport = (csv: string, provider = "generic", as = shop) =>
    as.api("POST", `/v1/settlements?provider=${provider}`, csv);
  const billedMtId = async (paymentId: string) => {
    const mt = await smspay.smspay.db.prisma.outboundMessage.findFirstOrThrow({
      where: { paymentId, purpose: "billed_confirmation" },
    });
    return mt.providerMessageId as string;
  };

  it("estimates fees and net from the tariff's fee rule as soon as a payment succeeds", async () => {
    const estimates: Json[] = [];
    for (const amount of [99, 200, 450]) estimates.push(await shop.payBySms(amount));
    estimates.push(await shop.payByPin(1234));
    const money = await Promise.all(
      estimates.map(async (p) => {
        const { fees, net, settled } = await shop.payment(p.id);
        return { amount: p.amount, fees, net, settled };
      }),
    );
    const fees = (operator: number, aggregator: number) => ({
      operator,
      aggregator,
      total: operator + aggregator,
      estimated: true,
    });
    expect(money).toEqual([
      { amount: 99, fees: fees(45, 25), net: 29, settled: null },
      { amount: 200, fees: fees(80, 34), net: 86, settled: null },
      { amount: 450, fees: fees(144, 55), net: 251, settled: null },
      { amount: 1234, fees: fees(309, 109), net: 816, settled: null },
    ]);
    const pending = await shop.payment((await shop.create(450)).id);
    expect(pending).toMatchObject({ fees: null, net: null, settled: null, disputedAmount: 0 });
  });

  it("imports a report, replaces the estimate with the operator's figures, and ignores lines seen before", async () => {
    const byId = await shop.payBySms(450);
    const byMessage = await shop.payBySms(200);
    const [l1, l2, l3, l4] = ["L1", "L2", "L3", "L4"].map(uniqueLine);
    const csv = [
      GENERIC,
      `${l1},${byId.id},,sale,450,150,60,240,EUR,2026-02-28`,
      `${l2},,${await billedMtId(byMessage.id)},sale,200,80,40,80,EUR,2026-02-28`,
      `${l2},,${await billedMtId(byMessage.id)},sale,200,80,40,80,EUR,2026-02-28`,
      `${l3},pay_nobody_knows,,sale,450,150,60,240,EUR,2026-02-28`,
      `${l4},${byId.id},,sale,4.50,150,60,240,EUR,2026-02-28`,
    ].join("\n");
    const imported = await importReport(csv);
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({
      provider: "generic",
      lines: 5,
      imported: 3,
      duplicates: 1,
      unmatched: [{ line: 5, lineId: l3, reference: "pay_nobody_knows" }],
      malformed: [{ line: 6, message: 'gross "4.50" is not an amount' }],
    });
    expect(imported.body.id).toMatch(/^stl_/);
    const settled = await shop.payment(byId.id);
    expect(settled).toMatchObject({
      fees: { operator: 150, aggregator: 60, total: 210, estimated: false },
      net: 240,
      settled: {
        lines: 1,
        gross: 450,
        operatorFee: 150,
        aggregatorFee: 60,
        net: 240,
        lastSettledOn: "2026-02-28",
      },
    });
    expect((await shop.payment(byMessage.id)).net).toBe(80);
    expect((await shop.eventTypes(byId.id)).at(-1)).toBe("settled");

    const again = await importReport(csv);
    expect(again.body).toMatchObject({ imported: 0, duplicates: 4, unmatched: [] });
    expect((await shop.payment(byId.id)).settled.lines).toBe(1);

    // Bad debt: the operator claws the payout back months later.
    const clawback = await importReport(
      `${GENERIC}\n${uniqueLine("L5")},${byId.id},,bad_debt,-450,-150,-60,-240,EUR,2026-04-30\n`,
    );
    expect(clawback.body.imported).toBe(1);
    expect(await shop.payment(byId.id)).toMatchObject({
      net: 0,
      settled: { lines: 2, gross: 0, net: 0, lastSettledOn: "2026-04-30" },
    });
  });

  it("asks a person about amounts that differ and about billed payments that failed here", async () => {
    const paid = await shop.payBySms(450);
    const failed = await shop.payBySms(450, "+33600000001");
    expect(failed.status).toBe("failed");
    const imported = await importReport(
      [
        GENERIC,
        `${uniqueLine("M1")},${paid.id},,sale,400,130,50,220,EUR,2026-02-28`,
        `${uniqueLine("M2")},${failed.id},,sale,450,150,60,240,EUR,2026-02-28`,
      ].join("\n"),
    );
    expect(imported.body.imported).toBe(2);
    const open = (await shop.api("GET", "/v1/attention")).body.data as Json[];
    expect(open.find((i) => i.paymentId === paid.id)).toMatchObject({
      kind: "amount_mismatch",
      detail: expect.stringContaining("bills 400 EUR for a payment of 450 EUR"),
    });
    expect(open.find((i) => i.paymentId === failed.id)).toMatchObject({
      kind: "settled_but_not_paid",
    });
  });

  it("keeps a line naming no known payment and matches it once the payment is known", async () => {
    const paid = await shop.payBySms(200);
    const lateId = uniqueLine("late-provider-id");
    const imported = await importReport(
      `${GENERIC}\n${uniqueLine("K1")},,${lateId},sale,200,80,40,80,EUR,2026-03-31\n`,
    );
    expect(imported.body.unmatched).toHaveLength(1);
    // The transport reported the billed MT's provider id late (e.g. after a resend).
    await smspay.smspay.db.prisma.outboundMessage.updateMany({
      where: { paymentId: paid.id, purpose: "billed_confirmation" },
      data: { providerMessageId: lateId },
    });
    const report = await smspay.smspay.reconciler.run();
    expect(report.linesMatched).toBeGreaterThanOrEqual(1);
    expect(await shop.payment(paid.id)).toMatchObject({
      net: 80,
      settled: { lines: 1, lastSettledOn: "2026-03-31" },
    });
  });

  it("matches a merchant's report against its own payments only", async () => {
    const paid = await shop.payBySms(450);
    const other = await TestShop.open(smspay, "Other Shop");
    const imported = await importReport(
      `${GENERIC}\n${uniqueLine("X1")},${paid.id},,sale,450,150,60,240,EUR,2026-02-28\n`,
      "generic",
      other,
    );
    expect(imported.body.unmatched).toHaveLength(1);
    expect((await shop.payment(paid.id)).settled).toBeNull();
    expect((await other.api("GET", "/v1/attention")).body.data).toEqual([]);
    await smspay.smspay.reconciler.run();
    expect((await shop.payment(paid.id)).settled).toBeNull();
  });

  it("imports a report of a thousand lines and more, in chunks", async () => {
    const paid = await shop.payBySms(99);
    const batch = uniqueLine("B");
    const lines = Array.from(
      { length: 1_200 },
      (_, i) => `${batch}-${i},pay_elsewhere_${i},,sale,99,45,25,29,EUR,2026-02-28`,
    );
    lines.push(`${batch}-mine,${paid.id},,sale,99,45,25,29,EUR,2026-02-28`);
    const imported = await importReport([GENERIC, ...lines].join("\n"));
    expect(imported.body).toMatchObject({ lines: 1_201, imported: 1_201, duplicates: 0 });
    expect(imported.body.unmatched).toHaveLength(1_200);
    expect((await shop.payment(paid.id)).settled).toMatchObject({ lines: 1, net: 29 });
  });

  it("refuses what is not a report in a known format, storing nothing", async () => {
    const reports = () => smspay.smspay.db.prisma.settlementReport.count();
    const before = await reports();
    const asJson = await shop.api("POST", "/v1/settlements?provider=generic", { csv: GENERIC });
    expect(asJson.status).toBe(400);
    expect(asJson.body.fields).toEqual([{ path: "Content-Type", message: "must be text/csv" }]);
    expect((await shop.api("POST", "/v1/settlements", GENERIC)).body.fields[0].path).toBe(
      "provider",
    );
    const unknown = await importReport(GENERIC, "acme");
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toBe("unknown settlement provider acme");
    const columns = await importReport("line_id,payment_id\nL1,pay_1\n");
    expect(columns.status).toBe(400);
    expect(columns.body.code).toBe("invalid_request");
    expect(columns.type).toContain("application/problem+json");
    expect(await reports()).toBe(before);
  });
});

// Each command boots a whole smspay in its own process: seconds apiece on a busy machine.
describe.runIf(testPostgresServerUrl())(
  "the settlement and reconcile commands",
  { timeout: 120_000 },
  () => {
    const run = promisify(execFile);
    const cli = path.resolve(import.meta.dirname, "cli.ts");
    let scratch: Awaited<ReturnType<typeof createPostgresDatabase>>;
    let smspay: RunningSmspay;
    let shop: TestShop;
    let env: NodeJS.ProcessEnv;
    let dir: string;

    beforeAll(async () => {
      scratch = await createPostgresDatabase(testPostgresServerUrl());
      const keys = testConfig().keys;
      smspay = await startSmspay({
        db: await openDatabase({ url: scratch.url }),
        config: { keys },
      });
      shop = await TestShop.open(smspay, "Caviste Noé");
      dir = await mkdtemp(path.join(tmpdir(), "smspay-settlement-"));
      env = {
        PATH: process.env.PATH,
        DATABASE_URL: scratch.url,
        SMSPAY_HASH_KEY: keys.hashKey.toString("base64"),
        SMSPAY_DATA_KEY: keys.dataKey.toString("base64"),
        LOG_LEVEL: "error",
      };
    });
    afterAll(async () => {
      await smspay.close();
      await scratch.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const smspayCommand = async (...args: string[]) => {
      const { stdout } = await run(process.execPath, [cli, ...args], { env });
      return stdout;
    };

    it("imports an SMS+ aggregator report and a carrier-billing statement from files", async () => {
      const sms = await shop.payBySms(450);
      const mt = await smspay.smspay.db.prisma.outboundMessage.findFirstOrThrow({
        where: { paymentId: sms.id, purpose: "billed_confirmation" },
      });
      const smsplus = path.join(dir, "reversement.csv");
      await writeFile(
        smsplus,
        [
          "Ref ligne;Date reversement;Numero court;Id MT;Type;Prix TTC;Part operateur;Commission agregateur;Reversement editeur;Devise",
          `R-${sms.id};31/01/2026;81450;${mt.providerMessageId};ACHAT;4,50;1,50;0,55;2,45;EUR`,
          `R-bad;31/01/2026;81450;${mt.providerMessageId};ACHAT;4,50;1,50;0,55;9,99;EUR`,
        ].join("\r\n"),
      );
      const report = JSON.parse(
        await smspayCommand("settlement", "import", "--provider", "smsplus", smsplus),
      );
      expect(report).toMatchObject({
        provider: "smsplus",
        lines: 2,
        imported: 1,
        unmatched: [],
        malformed: [{ line: 3, message: "net 999 is not gross 450 minus fees 150 and 55" }],
      });
      expect((await shop.payment(sms.id)).net).toBe(245);

      const dcb = await shop.payByPin(1234);
      const refund = await shop.api(
        "POST",
        `/v1/payments/${dcb.id}/refunds`,
        { amount: 234 },
        { "idempotency-key": "cli-refund" },
      );
      const statement = path.join(dir, "statement.csv");
      await writeFile(
        statement,
        [
          "transactionId,clientCorrelator,transactionOperationStatus,amount,currency,operatorFee,aggregatorFee,netAmount,settlementDate",
          `T-1-${dcb.id},${dcb.id},Charged,12.34,EUR,3.09,1.09,8.16,2026-02-01`,
          `T-2-${dcb.id},${refund.body.id},Refunded,2.34,EUR,0.59,0.19,1.56,2026-03-01`,
        ].join("\n"),
      );
      const imported = JSON.parse(
        await smspayCommand(
          "settlement",
          "import",
          "--provider",
          "dcb",
          "--merchant",
          shop.merchantId,
          statement,
        ),
      );
      expect(imported).toMatchObject({ imported: 2, unmatched: [], malformed: [] });
      expect(await shop.payment(dcb.id)).toMatchObject({
        net: 660,
        settled: { lines: 2, gross: 1000, operatorFee: 250, aggregatorFee: 90 },
      });
    });

    it("explains a wrong invocation instead of failing obscurely", async () => {
      const report = path.join(dir, "any.csv");
      await writeFile(report, `${GENERIC}\n`);
      const failed = (...args: string[]) =>
        run(process.execPath, [cli, ...args], { env }).then(
          () => ({ code: 0, stderr: "" }),
          (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
        );
      expect(await failed("settlement", "import", "--provider", "acme", report)).toEqual({
        code: 2,
        stderr: "smspay: unknown settlement provider acme\n",
      });
      expect(
        await failed("settlement", "import", "--provider", "generic", path.join(dir, "none.csv")),
      ).toMatchObject({ code: 2, stderr: expect.stringContaining("smspay: cannot read") });
      expect(
        await failed(
          "fees",
          "set",
          "--short-code",
          "81450",
          "--operator-bps",
          "9000",
          "--aggregator-bps",
          "2000",
        ),
      ).toEqual({
        code: 2,
        stderr: "smspay: operator and aggregator together cannot take more than 100%\n",
      });
    });

    it("sets a merchant's own fee rule, which then prices its payments", async () => {
      const rule = JSON.parse(
        await smspayCommand(
          "fees",
          "set",
          "--short-code",
          "81200",
          "--merchant",
          shop.merchantId,
          "--operator-bps",
          "3000",
          "--aggregator-bps",
          "1000",
          "--aggregator-fixed",
          "20",
        ),
      );
      expect(rule).toMatchObject({
        merchantId: shop.merchantId,
        flow: "shortcode",
        shortCode: "81200",
      });
      const paid = await shop.payBySms(200);
      // 200: 60 + (20 + 20) kept, instead of the sandbox's shared 80 + 34.
      expect(await shop.payment(paid.id)).toMatchObject({
        fees: { operator: 60, aggregator: 40, estimated: true },
        net: 100,
      });
      const listed = (await smspayCommand("fees", "list", "--merchant", shop.merchantId))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(listed).toContainEqual(rule);
    });

    it("reconciles on demand: a payment whose receipt never came is settled from the operator's records", async () => {
      // +33600000003: the sandbox operator delivers but never sends the receipt.
      const created = await shop.create(450);
      await shop.sms("+33600000003", created.shortCode, created.smsText);
      await eventually(
        () => shop.eventTypes(created.id),
        (types) => types.includes("mt_sent"),
      );
      expect((await shop.payment(created.id)).status).toBe("processing");
      await smspay.smspay.db.prisma.payment.update({
        where: { id: created.id },
        data: { updatedAt: new Date(Date.now() - 11 * 60_000) },
      });
      const report = JSON.parse(await smspayCommand("reconcile"));
      expect(report).toMatchObject({ receiptsRecovered: 1, errors: 0 });
      expect((await shop.payment(created.id)).status).toBe("succeeded");
    });
  },
);
