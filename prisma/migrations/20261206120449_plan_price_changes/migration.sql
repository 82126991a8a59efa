-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'price_change';

-- CreateTable
CREATE TABLE "plan_price_changes" (
    "id" SERIAL NOT NULL,
    "plan_id" INTEGER NOT NULL,
    "old_amount" DECIMAL(12,2) NOT NULL,
    "old_currency" CHAR(3) NOT NULL,
    "new_amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "changed_at" TIMESTAMP(3) NOT NULL,
    "changed_by_id" INTEGER,

    CONSTRAINT "plan_price_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_price_notices" (
    "id" SERIAL NOT NULL,
    "license_id" INTEGER NOT NULL,
    "price_change_id" INTEGER NOT NULL,
    "applies_at" TIMESTAMP(3) NOT NULL,
    "old_amount" DECIMAL(12,2) NOT NULL,
    "new_amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "license_price_notices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "plan_price_changes_plan_id_changed_at_idx" ON "plan_price_changes"("plan_id", "changed_at");

-- CreateIndex
CREATE UNIQUE INDEX "license_price_notices_license_id_price_change_id_key" ON "license_price_notices"("license_id", "price_change_id");

-- AddForeignKey
ALTER TABLE "plan_price_changes" ADD CONSTRAINT "plan_price_changes_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "module_pricing_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_price_notices" ADD CONSTRAINT "license_price_notices_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_price_notices" ADD CONSTRAINT "license_price_notices_price_change_id_fkey" FOREIGN KEY ("price_change_id") REFERENCES "plan_price_changes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
