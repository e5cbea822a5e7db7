-- The merchant's dashboard: its people (email + argon2id password, owner or
-- staff), their server-side sessions, failed logins for throttling, and the
-- one-time single sign-on tokens the shop platforms' admin pages hand out.

CREATE TABLE "merchant_users" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "merchant_users_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "merchant_users_email_key" ON "merchant_users"("email");
CREATE INDEX "merchant_users_merchant_id_idx" ON "merchant_users"("merchant_id");
ALTER TABLE "merchant_users" ADD CONSTRAINT "merchant_users_merchant_id_fkey"
    FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "dashboard_sessions" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "user_id" TEXT,
    "role" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dashboard_sessions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "dashboard_sessions_user_id_idx" ON "dashboard_sessions"("user_id");
CREATE INDEX "dashboard_sessions_expires_at_idx" ON "dashboard_sessions"("expires_at");

CREATE TABLE "login_failures" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_failures_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "login_failures_key_at_idx" ON "login_failures"("key", "at");

CREATE TABLE "sso_tokens" (
    "jti" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "return_to" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "sso_tokens_pkey" PRIMARY KEY ("jti")
);

CREATE INDEX "sso_tokens_expires_at_idx" ON "sso_tokens"("expires_at");

-- The dashboard's payment search: by status and by day within a merchant.
CREATE INDEX "payments_merchant_id_status_created_at_idx" ON "payments"("merchant_id", "status", "created_at");
