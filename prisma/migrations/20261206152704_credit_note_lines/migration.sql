-- AlterTable
ALTER TABLE "credit_notes" ALTER COLUMN "vendor_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "credit_note_lines" (
    "id" SERIAL NOT NULL,
    "credit_note_id" INTEGER NOT NULL,
    "purchase_id" INTEGER,
    "license_id" INTEGER,
    "vendor_id" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "is_full" BOOLEAN NOT NULL,
    "vendor_adjustment" DECIMAL(12,2) NOT NULL,
    "commission_adjustment" DECIMAL(12,2) NOT NULL,
    "sales_adjustment" DECIMAL(12,2) NOT NULL,
    "payout_period_start" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "credit_note_lines_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credit_note_lines_credit_note_id_idx" ON "credit_note_lines"("credit_note_id");

-- CreateIndex
CREATE INDEX "credit_note_lines_purchase_id_idx" ON "credit_note_lines"("purchase_id");

-- CreateIndex
CREATE INDEX "credit_note_lines_license_id_idx" ON "credit_note_lines"("license_id");

-- CreateIndex
CREATE INDEX "credit_note_lines_vendor_id_payout_period_start_idx" ON "credit_note_lines"("vendor_id", "payout_period_start");

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "module_purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: every credit note made before lines existed refunded one receipt line (a single purchase
-- or a renewal): it gets that line, with its own adjustments and payout month.
INSERT INTO "credit_note_lines" ("credit_note_id", "purchase_id", "license_id", "vendor_id", "description", "amount", "is_full",
  "vendor_adjustment", "commission_adjustment", "sales_adjustment", "payout_period_start")
SELECT c."id", i."purchase_id", c."license_id", c."vendor_id", COALESCE(i."lines"->0->>'description', 'Module license'), c."amount", c."is_full",
  c."vendor_adjustment", c."commission_adjustment", c."sales_adjustment", c."payout_period_start"
FROM "credit_notes" c JOIN "invoices" i ON i."id" = c."invoice_id"
WHERE c."vendor_id" IS NOT NULL;
