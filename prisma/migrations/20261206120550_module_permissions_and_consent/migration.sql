-- AlterTable
ALTER TABLE "module_versions" ADD COLUMN     "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "software_permissions" (
    "id" SERIAL NOT NULL,
    "software_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "software_permissions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "permission_consents" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "instance_id" INTEGER NOT NULL,
    "module_id" INTEGER NOT NULL,
    "module_version_id" INTEGER NOT NULL,
    "license_id" INTEGER NOT NULL,
    "permissions" TEXT[],
    "consented_by_id" INTEGER NOT NULL,
    "consented_at" TIMESTAMP(3) NOT NULL,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "permission_consents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "software_permissions_software_id_code_key" ON "software_permissions"("software_id", "code");

-- CreateIndex
CREATE INDEX "permission_consents_instance_id_module_id_consented_at_idx" ON "permission_consents"("instance_id", "module_id", "consented_at");

-- CreateIndex
CREATE INDEX "permission_consents_license_id_idx" ON "permission_consents"("license_id");

-- AddForeignKey
ALTER TABLE "software_permissions" ADD CONSTRAINT "software_permissions_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "softwares"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission_consents" ADD CONSTRAINT "permission_consents_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission_consents" ADD CONSTRAINT "permission_consents_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission_consents" ADD CONSTRAINT "permission_consents_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "permission_consents" ADD CONSTRAINT "permission_consents_consented_by_id_fkey" FOREIGN KEY ("consented_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
