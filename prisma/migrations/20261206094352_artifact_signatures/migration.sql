-- AlterTable
ALTER TABLE "module_versions" ADD COLUMN     "artifact_signature" TEXT,
ADD COLUMN     "signature_kid" TEXT,
ADD COLUMN     "signed_at" TIMESTAMP(3);
