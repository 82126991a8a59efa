-- AlterTable
ALTER TABLE "module_purchases" ADD COLUMN     "cart_purchase_id" INTEGER;

-- CreateIndex
CREATE INDEX "module_purchases_cart_purchase_id_idx" ON "module_purchases"("cart_purchase_id");

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_cart_purchase_id_fkey" FOREIGN KEY ("cart_purchase_id") REFERENCES "module_purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
