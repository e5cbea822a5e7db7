export * from "./sandbox/magic-numbers.ts";
export * from "./sandbox/sandbox-ledger.ts";
export * from "./sandbox/sandbox-operator.ts";
export * from "./sandbox/sandbox-tariffs.ts";
