-- AlterTable
ALTER TABLE "module_reviews" ADD COLUMN     "vendor_reply" TEXT,
ADD COLUMN     "vendor_reply_at" TIMESTAMP(3),
ADD COLUMN     "vendor_reply_by_user_id" INTEGER,
ADD COLUMN     "vendor_reply_updated_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "modules" ADD COLUMN     "documentation_url" TEXT,
ADD COLUMN     "issue_tracker_url" TEXT,
ADD COLUMN     "privacy_policy_url" TEXT,
ADD COLUMN     "source_url" TEXT,
ADD COLUMN     "support_email" TEXT,
ADD COLUMN     "support_url" TEXT;

-- CreateTable
CREATE TABLE "module_screenshots" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "alt_text" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "created_by_user_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_screenshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "module_screenshots_storage_key_key" ON "module_screenshots"("storage_key");

-- CreateIndex
CREATE INDEX "module_screenshots_module_id_position_idx" ON "module_screenshots"("module_id", "position");

-- AddForeignKey
ALTER TABLE "module_screenshots" ADD CONSTRAINT "module_screenshots_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
