-- CreateEnum
CREATE TYPE "PurchaseKind" AS ENUM ('new', 'trial', 'upgrade');

-- CreateEnum
CREATE TYPE "PlanChangeKind" AS ENUM ('upgrade', 'downgrade');

-- CreateEnum
CREATE TYPE "PlanChangeStatus" AS ENUM ('scheduled', 'applied', 'cancelled');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "NotificationType" ADD VALUE 'trial_ending';
ALTER TYPE "NotificationType" ADD VALUE 'refund_issued';

-- AlterTable
ALTER TABLE "module_licenses" ADD COLUMN     "trial_ends_at" TIMESTAMP(3),
ADD COLUMN     "trial_notice_sent_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "module_purchases" ADD COLUMN     "kind" "PurchaseKind" NOT NULL DEFAULT 'new';

-- CreateTable
CREATE TABLE "module_trials" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "module_id" INTEGER NOT NULL,
    "license_id" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "module_trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_plan_changes" (
    "id" SERIAL NOT NULL,
    "license_id" INTEGER NOT NULL,
    "from_plan_id" INTEGER NOT NULL,
    "to_plan_id" INTEGER NOT NULL,
    "kind" "PlanChangeKind" NOT NULL,
    "status" "PlanChangeStatus" NOT NULL,
    "effective_at" TIMESTAMP(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "credit_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "charged_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "purchase_id" INTEGER,
    "requested_by_id" INTEGER,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "applied_at" TIMESTAMP(3),

    CONSTRAINT "license_plan_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "license_id" INTEGER,
    "vendor_id" INTEGER NOT NULL,
    "issued_at" TIMESTAMP(3) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "is_full" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "provider_refund_id" TEXT,
    "vendor_adjustment" DECIMAL(12,2) NOT NULL,
    "commission_adjustment" DECIMAL(12,2) NOT NULL,
    "sales_adjustment" DECIMAL(12,2) NOT NULL,
    "payout_period_start" TIMESTAMP(3) NOT NULL,
    "created_by_id" INTEGER,

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "module_trials_org_id_module_id_key" ON "module_trials"("org_id", "module_id");

-- CreateIndex
CREATE INDEX "license_plan_changes_license_id_status_idx" ON "license_plan_changes"("license_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE INDEX "credit_notes_vendor_id_payout_period_start_idx" ON "credit_notes"("vendor_id", "payout_period_start");

-- AddForeignKey
ALTER TABLE "license_plan_changes" ADD CONSTRAINT "license_plan_changes_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE SET NULL ON UPDATE CASCADE;
