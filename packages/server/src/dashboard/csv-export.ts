// The payments of a filter as CSV (RFC 4180: comma, CRLF, quotes doubled),
// streamed page by page so a year of payments never sits in memory. A cell
// starting with = + - @ (or a tab or carriage return) would run as a formula
// in a spreadsheet: it is prefixed with a quote (OWASP "CSV injection").

import { once } from "node:events";
import { type Payment, type PaymentSearch, toDecimalString } from "@smspay/core";
import type { Response } from "express";

const PAGE = 500;

const COLUMNS: readonly [string, (p: Payment) => string][] = [
  ["id", (p) => p.id],
  ["created_at", (p) => p.createdAt.toISOString()],
  ["order_ref", (p) => p.orderRef],
  ["status", (p) => p.status],
  ["flow", (p) => p.flow],
  ["amount", (p) => toDecimalString(p)],
  ["currency", (p) => p.currency],
  ["refunded", (p) => toDecimalString({ amount: p.refundedAmount, currency: p.currency })],
  ["short_code", (p) => p.shortCode ?? ""],
  ["reference", (p) => p.reference ?? ""],
  ["phone_last4", (p) => p.phoneLast4 ?? ""],
  ["mode", (p) => (p.test ? "test" : "live")],
  ["failure_code", (p) => p.failureCode ?? ""],
  ["succeeded_at", (p) => p.succeededAt?.toISOString() ?? ""],
];

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export async function streamPaymentsCsv(
  res: Response,
  search: (page: Pick<PaymentSearch, "limit" | "after">) => Promise<Payment[]>,
  filename: string,
): Promise<void> {
  res.status(200);
  res.set({
    "Content-Type": "text/csv; charset=utf-8; header=present",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });
  // A byte order mark, so spreadsheets read the accents of order references right.
  await write(res, `\uFEFF${csvRow(COLUMNS.map(([name]) => name))}`);
  let after: PaymentSearch["after"];
  for (;;) {
    const page = await search({ limit: PAGE, ...(after ? { after } : {}) });
    if (page.length > 0)
      await write(res, page.map((p) => csvRow(COLUMNS.map(([, cell]) => cell(p)))).join(""));
    if (res.destroyed) return;
    const last = page.at(-1);
    if (page.length < PAGE || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }
  res.end();
}

async function write(res: Response, chunk: string): Promise<void> {
  // A client that went away never drains: stop waiting when the response closes.
  if (!res.write(chunk)) await Promise.race([once(res, "drain"), once(res, "close")]);
}
