// Words for the domain's codes, in the dashboard's language.

import type { PaymentFlow, PaymentStatus } from "@smspay/core";
import { codeLabel, type Translate } from "../i18n.ts";

export function statusLabel(t: Translate, status: PaymentStatus): string {
  return codeLabel(t, "status", status);
}

export function flowLabel(t: Translate, flow: PaymentFlow): string {
  return codeLabel(t, "flow", flow);
}
