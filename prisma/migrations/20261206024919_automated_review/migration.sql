-- CreateEnum
CREATE TYPE "CheckKind" AS ENUM ('archive', 'secrets', 'code', 'compatibility', 'dependencies', 'budget');

-- CreateEnum
CREATE TYPE "CheckStatus" AS ENUM ('queued', 'running', 'passed', 'failed', 'error');

-- CreateEnum
CREATE TYPE "FindingSeverity" AS ENUM ('blocking', 'warning', 'info');

-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'version_withdrawn';

-- AlterEnum
ALTER TYPE "VersionStatus" ADD VALUE 'withdrawn';

-- AlterTable
ALTER TABLE "module_versions" ADD COLUMN     "imported_hash" TEXT,
ADD COLUMN     "withdrawn_at" TIMESTAMP(3),
ADD COLUMN     "withdrawn_by_id" INTEGER,
ADD COLUMN     "withdrawn_reason" TEXT;

-- AlterTable
ALTER TABLE "software_cores" ADD COLUMN     "api_surface" JSONB;

-- CreateTable
CREATE TABLE "module_version_checks" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "kind" "CheckKind" NOT NULL,
    "status" "CheckStatus" NOT NULL DEFAULT 'queued',
    "rules_version" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "queued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "error_message" TEXT,
    "summary" TEXT,
    "rescan_id" INTEGER,
    "override_reason" TEXT,
    "overridden_by_id" INTEGER,
    "overridden_at" TIMESTAMP(3),

    CONSTRAINT "module_version_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_version_findings" (
    "id" SERIAL NOT NULL,
    "check_id" INTEGER NOT NULL,
    "rule_id" TEXT NOT NULL,
    "severity" "FindingSeverity" NOT NULL,
    "file" TEXT,
    "line" INTEGER,
    "message" TEXT NOT NULL,
    "snippet" TEXT,
    "snippet_start_line" INTEGER,
    "justification" TEXT,
    "justification_source" TEXT,

    CONSTRAINT "module_version_findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_rescans" (
    "id" SERIAL NOT NULL,
    "reason" TEXT,
    "total" INTEGER NOT NULL DEFAULT 0,
    "started_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_rescans_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "module_version_checks_status_queued_at_idx" ON "module_version_checks"("status", "queued_at");

-- CreateIndex
CREATE INDEX "module_version_checks_rescan_id_idx" ON "module_version_checks"("rescan_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_version_checks_version_id_kind_key" ON "module_version_checks"("version_id", "kind");

-- CreateIndex
CREATE INDEX "module_version_findings_check_id_idx" ON "module_version_findings"("check_id");

-- AddForeignKey
ALTER TABLE "module_version_checks" ADD CONSTRAINT "module_version_checks_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_version_findings" ADD CONSTRAINT "module_version_findings_check_id_fkey" FOREIGN KEY ("check_id") REFERENCES "module_version_checks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
