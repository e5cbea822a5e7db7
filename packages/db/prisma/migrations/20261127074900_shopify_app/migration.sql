-- Shopify payments app (plugins/shopify): OAuth sessions, installed shops,
-- Shopify's payment/refund/capture/void sessions, customer data exports.

-- CreateTable
CREATE TABLE "shopify_sessions" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "is_online" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMPTZ(3),
    "access_token" TEXT NOT NULL,
    "user_id" BIGINT,
    "first_name" TEXT,
    "last_name" TEXT,
    "email" TEXT,
    "account_owner" BOOLEAN,
    "locale" TEXT,
    "collaborator" BOOLEAN,
    "email_verified" BOOLEAN,
    "refresh_token" TEXT,
    "refresh_token_expires" TIMESTAMPTZ(3),

    CONSTRAINT "shopify_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shopify_shops" (
    "shop" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "installed" BOOLEAN NOT NULL DEFAULT true,
    "settings" JSONB,
    "configured_at" TIMESTAMPTZ(3),
    "installed_at" TIMESTAMPTZ(3) NOT NULL,
    "uninstalled_at" TIMESTAMPTZ(3),
    "redacted_at" TIMESTAMPTZ(3),

    CONSTRAINT "shopify_shops_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "shopify_payment_sessions" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "test" BOOLEAN NOT NULL,
    "cancel_url" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "next_action_url" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shopify_payment_sessions_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "shopify_follow_up_sessions" (
    "shop" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "gid" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payment_session_id" TEXT NOT NULL,
    "amount" INTEGER,
    "currency" TEXT,
    "refund_id" TEXT,
    "decision" TEXT,
    "reason" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shopify_follow_up_sessions_pkey" PRIMARY KEY ("shop","id")
);

-- CreateTable
CREATE TABLE "shopify_data_requests" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "export" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shopify_data_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shopify_sessions_shop_idx" ON "shopify_sessions"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "shopify_shops_merchant_id_key" ON "shopify_shops"("merchant_id");

-- CreateIndex
CREATE UNIQUE INDEX "shopify_payment_sessions_gid_key" ON "shopify_payment_sessions"("gid");

-- CreateIndex
CREATE UNIQUE INDEX "shopify_payment_sessions_payment_id_key" ON "shopify_payment_sessions"("payment_id");

-- CreateIndex
CREATE INDEX "shopify_payment_sessions_merchant_id_idx" ON "shopify_payment_sessions"("merchant_id");

-- CreateIndex
CREATE UNIQUE INDEX "shopify_follow_up_sessions_gid_key" ON "shopify_follow_up_sessions"("gid");

-- CreateIndex
CREATE INDEX "shopify_follow_up_sessions_shop_payment_session_id_idx" ON "shopify_follow_up_sessions"("shop", "payment_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "shopify_data_requests_shop_request_id_key" ON "shopify_data_requests"("shop", "request_id");

-- CreateIndex
CREATE INDEX "shopify_data_requests_merchant_id_created_at_idx" ON "shopify_data_requests"("merchant_id", "created_at");

