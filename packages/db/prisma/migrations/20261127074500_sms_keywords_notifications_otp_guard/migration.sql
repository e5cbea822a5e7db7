-- CreateTable
CREATE TABLE "opt_outs" (
    "phone_hash" TEXT NOT NULL,
    "short_code" TEXT NOT NULL,
    "opted_out_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opt_outs_pkey" PRIMARY KEY ("phone_hash","short_code")
);

-- CreateTable
CREATE TABLE "publishers" (
    "scope" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "publishers_pkey" PRIMARY KEY ("scope")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payment_id" TEXT,
    "order_ref" TEXT,
    "phone_hash" TEXT NOT NULL,
    "phone_last4" TEXT NOT NULL,
    "outbound_message_id" TEXT NOT NULL,
    "consent" JSONB,
    "idempotency_key" TEXT,
    "request_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "otp_sends" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "ip_hash" TEXT,
    "country" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "otp_sends_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "otp_countries" (
    "merchant_id" TEXT NOT NULL,
    "countries" TEXT[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "otp_countries_pkey" PRIMARY KEY ("merchant_id")
);

-- CreateIndex
CREATE INDEX "notifications_merchant_id_created_at_idx" ON "notifications"("merchant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_merchant_id_idempotency_key_key" ON "notifications"("merchant_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "otp_sends_phone_hash_sent_at_idx" ON "otp_sends"("phone_hash", "sent_at");

-- CreateIndex
CREATE INDEX "otp_sends_ip_hash_sent_at_idx" ON "otp_sends"("ip_hash", "sent_at");

-- CreateIndex
CREATE INDEX "otp_sends_merchant_id_country_sent_at_idx" ON "otp_sends"("merchant_id", "country", "sent_at");

-- CreateIndex
CREATE INDEX "otp_sends_sent_at_idx" ON "otp_sends"("sent_at");

-- At most one payment reminder per payment, also when two requests race
-- (Prisma cannot express a partial unique index).
CREATE UNIQUE INDEX notifications_one_reminder_per_payment ON notifications (payment_id) WHERE type = 'payment_reminder';
