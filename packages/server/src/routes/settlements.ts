// Merchant API: importing a settlement report (`POST /v1/settlements?provider=…`
// with the CSV as a text/csv body), and a payment's money as GET
// /v1/payments/{id} shows it.

import {
  type PaymentMoney,
  type SettlementImport,
  type SettlementService,
  SmspayError,
} from "@smspay/core";
import express, { Router } from "express";
import { z } from "zod";
import { merchantOf } from "../http/auth.ts";

export const importQuery = z.object({ provider: z.string().min(1).max(40) }).strict();

export function settlementRoutes(settlements: SettlementService): Router {
  const router = Router();

  router.post(
    "/settlements",
    // Reports run to thousands of lines: far above the JSON API's limit.
    express.text({ type: ["text/csv", "text/plain"], limit: "10mb" }),
    async (req, res) => {
      const query = importQuery.safeParse(req.query);
      if (!query.success) {
        throw new SmspayError("invalid_request", "name the report's format: ?provider=…", {
          fields: [{ path: "provider", message: "required: generic, smsplus or dcb" }],
        });
      }
      if (typeof req.body !== "string") {
        throw new SmspayError("invalid_request", "send the report as a text/csv body", {
          fields: [{ path: "Content-Type", message: "must be text/csv" }],
        });
      }
      const result = await settlements.import({
        provider: query.data.provider,
        csv: req.body,
        merchantId: merchantOf(res.locals).id,
      });
      res.status(201).json(importResource(result));
    },
  );

  return router;
}

export function importResource(result: SettlementImport) {
  const { report } = result;
  return {
    id: report.id,
    provider: report.provider,
    lines: report.lines,
    imported: report.imported,
    duplicates: report.duplicates,
    unmatched: result.unmatched,
    malformed: result.malformed,
    createdAt: report.createdAt.toISOString(),
  };
}

/** The fields GET /v1/payments/{id} adds to the payment. */
export function moneyResource(money: PaymentMoney) {
  return {
    fees: money.fees,
    net: money.net,
    settled: money.settled,
    disputedAmount: money.disputedAmount,
  };
}
