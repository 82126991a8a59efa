-- AlterTable
ALTER TABLE "module_pricing_plans" ADD COLUMN     "entitlement_codes" JSONB,
ADD COLUMN     "license_file_ttl_days" INTEGER;
