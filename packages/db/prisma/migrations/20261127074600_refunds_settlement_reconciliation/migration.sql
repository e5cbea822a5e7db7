-- Refunds, disputes, settlement reports, fee rules, the needs-attention list
-- and the reconciler's bookkeeping.
-- (No semicolons in comments or literals: `prisma migrate deploy` through a
-- driver adapter splits scripts on every semicolon.)

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "reason" TEXT,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "operator_refund_id" TEXT,
    "failure_code" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disputes" (
    "id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT,
    "request_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disputes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_reports" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "lines" INTEGER NOT NULL,
    "imported" INTEGER NOT NULL,
    "duplicates" INTEGER NOT NULL,
    "unmatched" INTEGER NOT NULL,
    "malformed" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "settlement_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "settlement_lines" (
    "id" TEXT NOT NULL,
    "report_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "line_number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "reference_by" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "payment_id" TEXT,
    "merchant_id" TEXT,
    "gross" INTEGER NOT NULL,
    "operator_fee" INTEGER NOT NULL,
    "aggregator_fee" INTEGER NOT NULL,
    "net" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "settled_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "match_tried_at" TIMESTAMPTZ(3),

    CONSTRAINT "settlement_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fee_rules" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT,
    "flow" TEXT NOT NULL,
    "short_code" TEXT,
    "currency" TEXT NOT NULL,
    "operator_bps" INTEGER NOT NULL,
    "operator_fixed" INTEGER NOT NULL,
    "aggregator_bps" INTEGER NOT NULL,
    "aggregator_fixed" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fee_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "needs_attention" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "payment_id" TEXT,
    "detail" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),
    "resolution" TEXT,

    CONSTRAINT "needs_attention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconcile_checks" (
    "payment_id" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reconcile_checks_pkey" PRIMARY KEY ("payment_id")
);

-- CreateTable
CREATE TABLE "sandbox_refunds" (
    "client_correlator" TEXT NOT NULL,
    "charge_correlator" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sandbox_refunds_pkey" PRIMARY KEY ("client_correlator")
);

-- CreateIndex
CREATE INDEX "refunds_payment_id_created_at_idx" ON "refunds"("payment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_merchant_id_idempotency_key_key" ON "refunds"("merchant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "disputes_payment_id_created_at_idx" ON "disputes"("payment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "disputes_payment_id_external_id_key" ON "disputes"("payment_id", "external_id");

-- CreateIndex
CREATE INDEX "settlement_lines_payment_id_idx" ON "settlement_lines"("payment_id");

-- CreateIndex
CREATE INDEX "settlement_lines_report_id_idx" ON "settlement_lines"("report_id");

-- CreateIndex
CREATE UNIQUE INDEX "settlement_lines_provider_scope_line_id_key" ON "settlement_lines"("provider", "scope", "line_id");

-- CreateIndex
CREATE INDEX "fee_rules_flow_currency_idx" ON "fee_rules"("flow", "currency");

-- CreateIndex
CREATE INDEX "needs_attention_merchant_id_created_at_idx" ON "needs_attention"("merchant_id", "created_at");

-- CreateIndex
CREATE INDEX "needs_attention_payment_id_idx" ON "needs_attention"("payment_id");

-- CreateIndex
CREATE INDEX "payments_status_updated_at_idx" ON "payments"("status", "updated_at");

-- CreateIndex
CREATE INDEX "payments_merchant_id_order_ref_created_at_idx" ON "payments"("merchant_id", "order_ref", "created_at");

-- CreateIndex
CREATE INDEX "outbound_messages_provider_message_id_idx" ON "outbound_messages"("provider_message_id");

-- CreateIndex
CREATE INDEX "sandbox_refunds_charge_correlator_idx" ON "sandbox_refunds"("charge_correlator");

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "settlement_reports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express partial indexes):
-- one open needs-attention item per kind and payment, so raising it twice keeps one.
CREATE UNIQUE INDEX needs_attention_open_key ON needs_attention (kind, payment_id) WHERE resolved_at IS NULL;
-- Settlement lines still waiting for their payment, least recently tried first, for the reconciler.
CREATE INDEX settlement_lines_unmatched_idx ON settlement_lines (match_tried_at NULLS FIRST, created_at) WHERE payment_id IS NULL;
