-- CreateEnum
CREATE TYPE "ModuleAlertKind" AS ENUM ('error_rate', 'new_error');

-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'module_alert';

-- AlterTable
ALTER TABLE "module_usage_metrics" ADD COLUMN     "latency_histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "module_usage_features" (
    "id" SERIAL NOT NULL,
    "usage_metric_id" INTEGER NOT NULL,
    "feature" VARCHAR(100) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "module_usage_features_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_alert_rules" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "kind" "ModuleAlertKind" NOT NULL,
    "threshold_percent" DECIMAL(5,2),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "firing" BOOLEAN NOT NULL DEFAULT false,
    "baseline_error_id" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_alert_incidents" (
    "id" SERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "fingerprint" TEXT,
    "error_type" TEXT,
    "error_message" TEXT,
    "window_date" DATE,
    "api_calls" INTEGER,
    "errors" INTEGER,
    "error_rate_percent" DECIMAL(7,2),
    "opened_at" TIMESTAMP(3) NOT NULL,
    "cleared_at" TIMESTAMP(3),

    CONSTRAINT "module_alert_incidents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "module_usage_features_usage_metric_id_feature_key" ON "module_usage_features"("usage_metric_id", "feature");

-- CreateIndex
CREATE INDEX "module_alert_rules_module_id_idx" ON "module_alert_rules"("module_id");

-- CreateIndex
CREATE INDEX "module_alert_incidents_rule_id_opened_at_idx" ON "module_alert_incidents"("rule_id", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "module_alert_incidents_rule_id_fingerprint_key" ON "module_alert_incidents"("rule_id", "fingerprint");

-- AddForeignKey
ALTER TABLE "module_usage_features" ADD CONSTRAINT "module_usage_features_usage_metric_id_fkey" FOREIGN KEY ("usage_metric_id") REFERENCES "module_usage_metrics"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_alert_rules" ADD CONSTRAINT "module_alert_rules_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_alert_incidents" ADD CONSTRAINT "module_alert_incidents_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "module_alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
