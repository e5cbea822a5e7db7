// Settlement report formats: one column mapping per provider (the README's
// "Settlement" table documents them). Each maps the provider's columns,
// separators, number and date style, and line types onto SettlementLineInput,
// and checks every line the way an accountant would (signs, net = gross -
// fees); a line that fails is reported with its file line and imports nothing.

import { SmspayError } from "./errors.ts";
import { isSupportedCurrency, parseDecimalAmount } from "./money.ts";
import { readCsv } from "./settlement-csv.ts";
import type {
  SettlementKind,
  SettlementLineInput,
  SettlementReference,
} from "./settlement-model.ts";

type Column =
  | "lineId"
  | "paymentId"
  | "messageId"
  | "correlator"
  | "type"
  | "gross"
  | "operatorFee"
  | "aggregatorFee"
  | "net"
  | "currency"
  | "settledOn";

export type SettlementFormat = {
  readonly provider: string;
  readonly description: string;
  readonly delimiter: "," | ";";
  /** "minor": whole minor units ("450"); otherwise decimals with this separator ("4,50"). */
  readonly amounts: "minor" | "." | ",";
  /** "signed": clawbacks are written negative; "by_type": written positive, the type says to negate. */
  readonly signs: "signed" | "by_type";
  readonly dates: "iso" | "dd/mm/yyyy";
  /** Our column -> the provider's header (columns absent here are not in this format). */
  readonly columns: Readonly<Partial<Record<Column, string>>>;
  /** The provider's line types (compared case-insensitively). */
  readonly types: Readonly<Record<string, SettlementKind>>;
};

export const SETTLEMENT_FORMATS: readonly SettlementFormat[] = [
  {
    provider: "generic",
    description: "smspay's own format: our payment id or the MT's provider id, minor units",
    delimiter: ",",
    amounts: "minor",
    signs: "signed",
    dates: "iso",
    columns: {
      lineId: "line_id",
      paymentId: "payment_id",
      messageId: "provider_message_id",
      type: "type",
      gross: "gross",
      operatorFee: "operator_fee",
      aggregatorFee: "aggregator_fee",
      net: "net",
      currency: "currency",
      settledOn: "settled_on",
    },
    types: { sale: "sale", refund: "refund", bad_debt: "bad_debt" },
  },
  {
    provider: "smsplus",
    description:
      "a French SMS+ aggregator's monthly payout report (reversement), one line per billed MT",
    delimiter: ";",
    amounts: ",",
    signs: "signed",
    dates: "dd/mm/yyyy",
    columns: {
      lineId: "Ref ligne",
      messageId: "Id MT",
      type: "Type",
      gross: "Prix TTC",
      operatorFee: "Part operateur",
      aggregatorFee: "Commission agregateur",
      net: "Reversement editeur",
      currency: "Devise",
      settledOn: "Date reversement",
    },
    types: { achat: "sale", remboursement: "refund", impaye: "bad_debt" },
  },
  {
    provider: "dcb",
    description: "a direct carrier billing operator's statement, GSMA OneAPI vocabulary",
    delimiter: ",",
    amounts: ".",
    signs: "by_type",
    dates: "iso",
    columns: {
      lineId: "transactionId",
      correlator: "clientCorrelator",
      type: "transactionOperationStatus",
      gross: "amount",
      operatorFee: "operatorFee",
      aggregatorFee: "aggregatorFee",
      net: "netAmount",
      currency: "currency",
      settledOn: "settlementDate",
    },
    types: { charged: "sale", refunded: "refund", uncollected: "bad_debt" },
  },
];

export type MalformedLine = { readonly line: number; readonly message: string };

export type ParsedReport = {
  readonly lines: readonly SettlementLineInput[];
  readonly malformed: readonly MalformedLine[];
};

export function settlementFormat(provider: string): SettlementFormat {
  const format = SETTLEMENT_FORMATS.find((f) => f.provider === provider);
  if (!format) {
    throw new SmspayError("invalid_request", `unknown settlement provider ${provider}`, {
      fields: [
        {
          path: "provider",
          message: `one of ${SETTLEMENT_FORMATS.map((f) => f.provider).join(", ")}`,
        },
      ],
    });
  }
  return format;
}

/**
 * Reads a report. A file that cannot be read as this provider's format at all
 * (unreadable CSV, missing columns) is an invalid request; a bad line only
 * lands in `malformed`.
 */
export function parseSettlementReport(provider: string, text: string): ParsedReport {
  const format = settlementFormat(provider);
  const csv = readCsv(text, format.delimiter);
  if (!csv.ok) throw invalidFile(`line ${csv.line}: ${csv.message}`);
  const [header, ...rows] = csv.records;
  if (!header) throw invalidFile("the report is empty");
  const positions = new Map(header.fields.map((name, index) => [name.trim(), index]));
  const missing = Object.values(format.columns).filter((name) => !positions.has(name));
  if (missing.length > 0) {
    throw invalidFile(`the ${provider} format needs the columns: ${missing.join(", ")}`);
  }
  const lines: SettlementLineInput[] = [];
  const malformed: MalformedLine[] = [];
  for (const row of rows) {
    const cell = (column: Column): string => {
      const name = format.columns[column];
      const index = name === undefined ? undefined : positions.get(name);
      return index === undefined ? "" : (row.fields[index] ?? "").trim();
    };
    const result = readLine(format, row.line, cell);
    if (typeof result === "string") malformed.push({ line: row.line, message: result });
    else lines.push(result);
  }
  return { lines, malformed };
}

function readLine(
  format: SettlementFormat,
  line: number,
  cell: (column: Column) => string,
): SettlementLineInput | string {
  const lineId = cell("lineId");
  if (!lineId) return `${format.columns.lineId} is empty`;
  const kind = format.types[cell("type").toLowerCase()];
  if (!kind) {
    return `${format.columns.type} "${cell("type")}" is not one of ${Object.keys(format.types).join(", ")}`;
  }
  const reference = referenceOf(cell);
  if (!reference) return "the line names no payment";
  const currency = cell("currency").toUpperCase();
  if (!isSupportedCurrency(currency)) return `unknown currency "${cell("currency")}"`;
  const amounts: Record<"gross" | "operatorFee" | "aggregatorFee" | "net", number> = {
    gross: 0,
    operatorFee: 0,
    aggregatorFee: 0,
    net: 0,
  };
  for (const column of ["gross", "operatorFee", "aggregatorFee", "net"] as const) {
    const amount = readAmount(format, cell(column), currency);
    if (amount === undefined) return `${format.columns[column]} "${cell(column)}" is not an amount`;
    amounts[column] = format.signs === "by_type" && kind !== "sale" ? -amount : amount;
  }
  const { gross, operatorFee, aggregatorFee, net } = amounts;
  if (kind === "sale" ? gross <= 0 : gross >= 0) {
    return kind === "sale"
      ? "a sale's gross must be positive"
      : `a ${kind} line takes money back: its gross must be negative`;
  }
  if (net !== gross - operatorFee - aggregatorFee) {
    return `net ${net} is not gross ${gross} minus fees ${operatorFee} and ${aggregatorFee}`;
  }
  const settledOn = readDate(format, cell("settledOn"));
  if (!settledOn) return `${format.columns.settledOn} "${cell("settledOn")}" is not a date`;
  return {
    line,
    lineId,
    kind,
    reference,
    gross,
    operatorFee,
    aggregatorFee,
    net,
    currency,
    settledOn,
  };
}

function referenceOf(cell: (column: Column) => string): SettlementReference | undefined {
  if (cell("paymentId")) return { by: "payment", value: cell("paymentId") };
  if (cell("messageId")) return { by: "message", value: cell("messageId") };
  if (cell("correlator")) return { by: "correlator", value: cell("correlator") };
  return undefined;
}

/** A signed amount in minor units, never through floating point. */
function readAmount(format: SettlementFormat, text: string, currency: string): number | undefined {
  const negative = text.startsWith("-");
  const digits = negative ? text.slice(1) : text;
  let amount: number | undefined;
  if (format.amounts === "minor") {
    amount = /^\d+$/.test(digits) ? Number(digits) : undefined;
  } else {
    // Only the format's own decimal separator: "1.234,50" or "4.50" in a comma format is ambiguous.
    const other = format.amounts === "," ? "." : ",";
    amount = digits.includes(other)
      ? undefined
      : parseDecimalAmount(digits.replace(format.amounts, "."), currency);
  }
  if (amount === undefined || !Number.isSafeInteger(amount)) return undefined;
  return negative ? -amount : amount;
}

function readDate(format: SettlementFormat, text: string): string | undefined {
  const match =
    format.dates === "iso"
      ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
      : /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] =
    format.dates === "iso" ? [match[1], match[2], match[3]] : [match[3], match[2], match[1]];
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

function invalidFile(message: string): SmspayError {
  return new SmspayError("invalid_request", `unreadable settlement report: ${message}`, {
    fields: [{ path: "(body)", message }],
  });
}
