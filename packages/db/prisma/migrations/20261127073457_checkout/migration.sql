-- Hosted checkout: merchant branding and locale, the return-URL signing key,
-- express-payment consents, and the checkout funnel.

-- AlterTable
ALTER TABLE "merchants" ADD COLUMN "brand_color" TEXT,
ADD COLUMN "logo_url" TEXT,
ADD COLUMN "default_locale" TEXT,
ADD COLUMN "return_key_cipher" TEXT;

-- CreateTable
CREATE TABLE "express_consents" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "phone_hash" TEXT NOT NULL,
    "phone_cipher" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "text_shown" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_via" TEXT,

    CONSTRAINT "express_consents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checkout_events" (
    "id" BIGSERIAL NOT NULL,
    "payment_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "checkout_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "express_consents_phone_hash_idx" ON "express_consents"("phone_hash");

-- CreateIndex
CREATE UNIQUE INDEX "checkout_events_payment_id_type_key" ON "checkout_events"("payment_id", "type");

-- CreateIndex
CREATE INDEX "checkout_events_merchant_id_at_idx" ON "checkout_events"("merchant_id", "at");

-- AddForeignKey
ALTER TABLE "express_consents" ADD CONSTRAINT "express_consents_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One live consent per merchant and phone. Revoked ones stay as the record of what was agreed.
CREATE UNIQUE INDEX "express_consents_live_key" ON "express_consents"("merchant_id", "phone_hash") WHERE "revoked_at" IS NULL;

-- A "YES" reply finds the phone's pending express payment.
CREATE INDEX "payments_express_pending_idx" ON "payments"("phone_hash", "created_at") WHERE "flow" = 'express' AND "status" = 'pending';
