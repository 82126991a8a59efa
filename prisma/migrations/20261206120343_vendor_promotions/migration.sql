-- CreateEnum
CREATE TYPE "VendorPromotionKind" AS ENUM ('coupon', 'referral');

-- AlterTable
ALTER TABLE "module_purchases" ADD COLUMN     "vendor_promotion_id" INTEGER;

-- CreateTable
CREATE TABLE "vendor_promotions" (
    "id" SERIAL NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "kind" "VendorPromotionKind" NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "discount_type" "DiscountType" NOT NULL,
    "discount_value" DECIMAL(12,2) NOT NULL,
    "applies_to_module_id" INTEGER,
    "max_uses" INTEGER,
    "times_used" INTEGER NOT NULL DEFAULT 0,
    "valid_from" TIMESTAMP(3),
    "valid_until" TIMESTAMP(3),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendor_promotions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "vendor_promotions_code_key" ON "vendor_promotions"("code");

-- CreateIndex
CREATE INDEX "vendor_promotions_vendor_id_created_at_idx" ON "vendor_promotions"("vendor_id", "created_at");

-- CreateIndex
CREATE INDEX "module_purchases_vendor_promotion_id_idx" ON "module_purchases"("vendor_promotion_id");

-- AddForeignKey
ALTER TABLE "vendor_promotions" ADD CONSTRAINT "vendor_promotions_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_promotions" ADD CONSTRAINT "vendor_promotions_applies_to_module_id_fkey" FOREIGN KEY ("applies_to_module_id") REFERENCES "modules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_vendor_promotion_id_fkey" FOREIGN KEY ("vendor_promotion_id") REFERENCES "vendor_promotions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
