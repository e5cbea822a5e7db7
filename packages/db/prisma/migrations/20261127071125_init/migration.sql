-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "merchants" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "limits" JSONB NOT NULL,
    "carrier_billing" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "merchants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "short_codes" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT,
    "code" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "transport" TEXT NOT NULL,

    CONSTRAINT "short_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "order_ref" TEXT NOT NULL,
    "description" TEXT,
    "return_url" TEXT NOT NULL,
    "cancel_url" TEXT,
    "customer_email" TEXT,
    "customer_locale" TEXT,
    "phone_hash" TEXT,
    "phone_cipher" TEXT,
    "phone_last4" TEXT,
    "metadata" JSONB,
    "short_code" TEXT,
    "keyword" TEXT,
    "reference" TEXT,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "refunded_amount" INTEGER NOT NULL DEFAULT 0,
    "failure_code" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeeded_at" TIMESTAMPTZ(3),

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" BIGSERIAL NOT NULL,
    "payment_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "provider_message_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "from_hash" TEXT,
    "to" TEXT,
    "text" TEXT,
    "payment_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbound_messages" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT,
    "payment_id" TEXT,
    "purpose" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "to_hash" TEXT NOT NULL,
    "to_cipher" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "billed_amount" INTEGER,
    "currency" TEXT,
    "status" TEXT NOT NULL,
    "provider_message_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "effects" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "payment_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "effects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monthly_spend" (
    "merchant_id" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,

    CONSTRAINT "monthly_spend_pkey" PRIMARY KEY ("merchant_id","phone_hash","period","currency")
);

-- CreateTable
CREATE TABLE "otp_challenges" (
    "payment_id" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_cipher" TEXT NOT NULL,
    "pin_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "last_sent_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "otp_challenges_pkey" PRIMARY KEY ("payment_id")
);

-- CreateTable
CREATE TABLE "sandbox_messages" (
    "id" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_cipher" TEXT NOT NULL,
    "short_code" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "billed_amount" INTEGER,
    "currency" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sandbox_charges" (
    "client_correlator" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_charges_pkey" PRIMARY KEY ("client_correlator")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"("hash");

-- CreateIndex
CREATE INDEX "api_keys_merchant_id_idx" ON "api_keys"("merchant_id");

-- CreateIndex
CREATE UNIQUE INDEX "short_codes_code_keyword_key" ON "short_codes"("code", "keyword");

-- CreateIndex
CREATE INDEX "payments_merchant_id_created_at_id_idx" ON "payments"("merchant_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "payments_status_expires_at_idx" ON "payments"("status", "expires_at");

-- CreateIndex
CREATE INDEX "payments_short_code_reference_idx" ON "payments"("short_code", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "payments_merchant_id_idempotency_key_key" ON "payments"("merchant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "payment_events_payment_id_id_idx" ON "payment_events"("payment_id", "id");

-- CreateIndex
CREATE INDEX "inbound_messages_payment_id_idx" ON "inbound_messages"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_transport_provider_message_id_key" ON "inbound_messages"("transport", "provider_message_id");

-- CreateIndex
CREATE INDEX "outbound_messages_payment_id_idx" ON "outbound_messages"("payment_id");

-- CreateIndex
CREATE INDEX "outbound_messages_transport_provider_message_id_idx" ON "outbound_messages"("transport", "provider_message_id");

-- CreateIndex
CREATE INDEX "effects_status_next_attempt_at_idx" ON "effects"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "effects_payment_id_idx" ON "effects"("payment_id");

-- CreateIndex
CREATE INDEX "sandbox_messages_phone_hash_at_idx" ON "sandbox_messages"("phone_hash", "at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written (Prisma cannot express partial unique indexes): a reference is
-- unique among the live payments on a short code, so an MO carrying it matches
-- exactly one payment. Finished payments may reuse it.
-- (No semicolons in comments or literals: `prisma migrate deploy` through a
-- driver adapter splits scripts on every semicolon.)
CREATE UNIQUE INDEX payments_live_reference_key ON payments (short_code, reference) WHERE status IN ('pending', 'processing');
