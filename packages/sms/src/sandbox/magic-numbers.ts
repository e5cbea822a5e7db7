// Phone numbers that make the sandbox operator behave like a real one on a bad
// day. The sandbox never reaches a real network, so these only need to be
// valid mobile numbers (the fictional ranges such as UK 07700 900xxx are
// rejected by phone validation, as they should be in live mode).

export type SandboxBehaviour =
  | "ok"
  | "insufficient_credit"
  | "operator_error"
  | "no_receipt"
  | "receipt_failed";

export const MAGIC_NUMBERS: Readonly<Record<string, SandboxBehaviour>> = {
  "+33600000001": "insufficient_credit",
  "+33600000002": "operator_error",
  "+33600000003": "no_receipt",
  "+33600000004": "receipt_failed",
};

export function behaviourOf(e164: string): SandboxBehaviour {
  return MAGIC_NUMBERS[e164] ?? "ok";
}
