import { describe, expect, it } from "vitest";
import { isSmspayError } from "./errors.ts";
import { parseSettlementReport, SETTLEMENT_FORMATS } from "./settlement-formats.ts";

const GENERIC_HEADER =
  "line_id,payment_id,provider_message_id,type,gross,operator_fee,aggregator_fee,net,currency,settled_on";

describe("parseSettlementReport", () => {
  it("reads the generic format: our payment id or the MT's provider id, signed minor units", () => {
    const report = parseSettlementReport(
      "generic",
      [
        GENERIC_HEADER,
        "L1,pay_1,,sale,450,144,55,251,EUR,2026-02-28",
        "L2,,sbx-mt_9,bad_debt,-450,-144,-55,-251,eur,2026-03-31",
      ].join("\n"),
    );
    expect(report.malformed).toEqual([]);
    expect(report.lines).toEqual([
      {
        line: 2,
        lineId: "L1",
        kind: "sale",
        reference: { by: "payment", value: "pay_1" },
        gross: 450,
        operatorFee: 144,
        aggregatorFee: 55,
        net: 251,
        currency: "EUR",
        settledOn: "2026-02-28",
      },
      {
        line: 3,
        lineId: "L2",
        kind: "bad_debt",
        reference: { by: "message", value: "sbx-mt_9" },
        gross: -450,
        operatorFee: -144,
        aggregatorFee: -55,
        net: -251,
        currency: "EUR",
        settledOn: "2026-03-31",
      },
    ]);
  });

  it("reads an SMS+ aggregator report: semicolons, decimal commas, French dates and types", () => {
    const report = parseSettlementReport(
      "smsplus",
      [
        "Ref ligne;Date reversement;Numero court;Id MT;Type;Prix TTC;Part operateur;Commission agregateur;Reversement editeur;Devise",
        "R-001;31/01/2026;81450;sbx-mt_1;ACHAT;4,50;1,44;0,55;2,51;EUR",
        "R-002;28/02/2026;81450;sbx-mt_1;Impaye;-4,50;-1,44;-0,55;-2,51;EUR",
      ].join("\r\n"),
    );
    expect(report.malformed).toEqual([]);
    expect(
      report.lines.map((l) => [l.lineId, l.kind, l.reference, l.gross, l.net, l.settledOn]),
    ).toEqual([
      ["R-001", "sale", { by: "message", value: "sbx-mt_1" }, 450, 251, "2026-01-31"],
      ["R-002", "bad_debt", { by: "message", value: "sbx-mt_1" }, -450, -251, "2026-02-28"],
    ]);
  });

  it("reads a carrier-billing operator statement: positive amounts, the status negates refunds", () => {
    const report = parseSettlementReport(
      "dcb",
      [
        "transactionId,clientCorrelator,transactionOperationStatus,amount,currency,operatorFee,aggregatorFee,netAmount,settlementDate,endUserId",
        "T1,pay_7,Charged,12.34,EUR,3.09,1.09,8.16,2026-02-01,tel:+3361234XXXX",
        "T2,re_7,Refunded,2.00,EUR,0.50,0.26,1.24,2026-03-01,tel:+3361234XXXX",
      ].join("\n"),
    );
    expect(report.malformed).toEqual([]);
    expect(
      report.lines.map((l) => [
        l.kind,
        l.reference.value,
        l.gross,
        l.operatorFee,
        l.aggregatorFee,
        l.net,
      ]),
    ).toEqual([
      ["sale", "pay_7", 1234, 309, 109, 816],
      ["refund", "re_7", -200, -50, -26, -124],
    ]);
  });

  it("reports each bad line with its file line and keeps the good ones", () => {
    const report = parseSettlementReport(
      "generic",
      [
        GENERIC_HEADER,
        "L1,pay_1,,sale,450,144,55,251,EUR,2026-02-28",
        "L2,pay_2,,sale,4.50,144,55,251,EUR,2026-02-28",
        "L3,pay_3,,sale,450,144,55,250,EUR,2026-02-28",
        "L4,pay_4,,refund,450,144,55,251,EUR,2026-02-28",
        "L5,,,sale,450,144,55,251,EUR,2026-02-28",
        "L6,pay_6,,gift,450,144,55,251,EUR,2026-02-28",
        "L7,pay_7,,sale,450,144,55,251,XYZ,2026-02-28",
        "L8,pay_8,,sale,450,144,55,251,EUR,2026-02-30",
        ",pay_9,,sale,450,144,55,251,EUR,2026-02-28",
      ].join("\n"),
    );
    expect(report.lines.map((l) => l.lineId)).toEqual(["L1"]);
    expect(report.malformed).toEqual([
      { line: 3, message: 'gross "4.50" is not an amount' },
      { line: 4, message: "net 250 is not gross 450 minus fees 144 and 55" },
      { line: 5, message: "a refund line takes money back: its gross must be negative" },
      { line: 6, message: "the line names no payment" },
      { line: 7, message: 'type "gift" is not one of sale, refund, bad_debt' },
      { line: 8, message: 'unknown currency "XYZ"' },
      { line: 9, message: 'settled_on "2026-02-30" is not a date' },
      { line: 10, message: "line_id is empty" },
    ]);
  });

  it("refuses the other format's decimal separator instead of guessing", () => {
    const report = parseSettlementReport(
      "smsplus",
      [
        "Ref ligne;Date reversement;Id MT;Type;Prix TTC;Part operateur;Commission agregateur;Reversement editeur;Devise",
        "R-1;31/01/2026;m1;ACHAT;4.50;1,44;0,55;2,51;EUR",
        "R-2;31/01/2026;m1;ACHAT;1.004,50;1,44;0,55;1.002,51;EUR",
      ].join("\n"),
    );
    expect(report.lines).toEqual([]);
    expect(report.malformed.map((m) => m.line)).toEqual([2, 3]);
  });

  it("refuses a file that is not the provider's format at all, or an unknown provider", () => {
    const refused = (provider: string, text: string) => {
      try {
        parseSettlementReport(provider, text);
      } catch (error) {
        return isSmspayError(error) ? `${error.code}: ${error.message}` : String(error);
      }
      return "accepted";
    };
    expect(refused("generic", "line_id,payment_id\nL1,pay_1\n")).toBe(
      "invalid_request: unreadable settlement report: the generic format needs the columns: provider_message_id, type, gross, operator_fee, aggregator_fee, net, currency, settled_on",
    );
    expect(refused("generic", "")).toBe(
      "invalid_request: unreadable settlement report: the report is empty",
    );
    expect(refused("generic", `${GENERIC_HEADER}\nL1,"pay_1\n`)).toBe(
      "invalid_request: unreadable settlement report: line 2: a quoted field is never closed",
    );
    expect(refused("acme", GENERIC_HEADER)).toBe(
      "invalid_request: unknown settlement provider acme",
    );
  });

  it("documents a distinct header for every column of every format", () => {
    for (const format of SETTLEMENT_FORMATS) {
      const headers = Object.values(format.columns);
      expect(new Set(headers).size).toBe(headers.length);
    }
  });
});
