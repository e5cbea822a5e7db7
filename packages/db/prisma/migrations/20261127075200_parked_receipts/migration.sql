-- Delivery receipts that arrived before the send naming their MT was recorded
-- (out-of-order receipts), kept until the send records the provider id.
CREATE TABLE "parked_receipts" (
    "transport" TEXT NOT NULL,
    "provider_message_id" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "failure" TEXT,
    "provider_error" TEXT,
    "message_id" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "parked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "parked_receipts_pkey" PRIMARY KEY ("transport", "provider_message_id", "outcome")
);

CREATE INDEX "parked_receipts_parked_at_idx" ON "parked_receipts"("parked_at");
