-- AlterTable
ALTER TABLE "idempotency_keys" ADD COLUMN     "lease_expires_at" TIMESTAMP(3),
ADD COLUMN     "lease_token" TEXT;

-- AlterTable
ALTER TABLE "module_purchases" ADD COLUMN     "idempotency_key_id" INTEGER;

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "provider_authorization_id" TEXT;

-- CreateTable
CREATE TABLE "sandbox_payment_records" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "payment_method_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "charge_id" TEXT,
    "decline_code" TEXT,
    "decline_message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_payment_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_payment_records_charge_id_key" ON "sandbox_payment_records"("charge_id");

-- CreateIndex
CREATE INDEX "sandbox_payment_records_state_idx" ON "sandbox_payment_records"("state");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_payment_records_kind_idempotency_key_key" ON "sandbox_payment_records"("kind", "idempotency_key");

-- CreateIndex
CREATE INDEX "idempotency_keys_status_lease_expires_at_idx" ON "idempotency_keys"("status", "lease_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "module_purchases_idempotency_key_id_key" ON "module_purchases"("idempotency_key_id");

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_idempotency_key_id_fkey" FOREIGN KEY ("idempotency_key_id") REFERENCES "idempotency_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;
