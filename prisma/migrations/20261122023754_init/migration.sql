-- CreateEnum
CREATE TYPE "PlatformRole" AS ENUM ('user', 'platform_admin');

-- CreateEnum
CREATE TYPE "OrgRole" AS ENUM ('admin', 'developer', 'viewer');

-- CreateEnum
CREATE TYPE "Permission" AS ENUM ('all', 'view_modules', 'view_instances', 'manage_instances', 'purchase_modules', 'manage_licenses', 'manage_members', 'manage_billing');

-- CreateEnum
CREATE TYPE "InviteStatus" AS ENUM ('pending', 'accepted', 'declined', 'expired', 'revoked');

-- CreateEnum
CREATE TYPE "AuthEventKind" AS ENUM ('sign_up', 'sign_in_success', 'sign_in_failure', 'sign_in_throttled', 'sign_out');

-- CreateEnum
CREATE TYPE "CoreValidationStatus" AS ENUM ('pending', 'validated', 'rejected');

-- CreateEnum
CREATE TYPE "ModuleType" AS ENUM ('ready_made', 'custom');

-- CreateEnum
CREATE TYPE "ModuleStatus" AS ENUM ('draft', 'pending', 'published', 'suspended', 'archived');

-- CreateEnum
CREATE TYPE "ReleaseChannel" AS ENUM ('stable', 'beta');

-- CreateEnum
CREATE TYPE "VersionStatus" AS ENUM ('pending', 'beta', 'stable', 'rejected');

-- CreateEnum
CREATE TYPE "DependencyType" AS ENUM ('functional', 'integration');

-- CreateEnum
CREATE TYPE "ValidationStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "ContractType" AS ENUM ('eula', 'custom');

-- CreateEnum
CREATE TYPE "PlanType" AS ENUM ('free', 'freemium', 'subscription', 'perpetual', 'custom');

-- CreateEnum
CREATE TYPE "BillingCycle" AS ENUM ('monthly', 'yearly', 'once', 'custom');

-- CreateEnum
CREATE TYPE "DiscountType" AS ENUM ('percentage', 'fixed');

-- CreateEnum
CREATE TYPE "PurchaseStatus" AS ENUM ('pending', 'completed', 'failed', 'refunded');

-- CreateEnum
CREATE TYPE "LicenseStatus" AS ENUM ('pending', 'active', 'suspended', 'expired', 'revoked');

-- CreateEnum
CREATE TYPE "Environment" AS ENUM ('production', 'staging', 'development');

-- CreateEnum
CREATE TYPE "ActivationEventType" AS ENUM ('activation', 'deactivation', 'update', 'rollback');

-- CreateEnum
CREATE TYPE "ActivationResult" AS ENUM ('success', 'failed');

-- CreateEnum
CREATE TYPE "RenewalStatus" AS ENUM ('pending', 'active', 'failed');

-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('pending', 'paid');

-- CreateEnum
CREATE TYPE "UpdateType" AS ENUM ('major', 'minor', 'patch');

-- CreateEnum
CREATE TYPE "UpdateStatus" AS ENUM ('in_progress', 'success', 'failed', 'rolled_back');

-- CreateEnum
CREATE TYPE "RecipientType" AS ENUM ('user', 'organization');

-- CreateEnum
CREATE TYPE "NotificationType" AS ENUM ('license_expiring', 'renewal_successful', 'renewal_failed', 'module_update', 'validation_required', 'validation_approved', 'validation_rejected', 'purchase_completed', 'payout_paid', 'team_invite');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('succeeded', 'declined', 'failed');

-- CreateEnum
CREATE TYPE "IdempotencyStatus" AS ENUM ('in_progress', 'completed');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_verified_at" TIMESTAMP(3),
    "password_hash" TEXT NOT NULL,
    "platform_role" "PlatformRole" NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" SERIAL NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "ip_address" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth_events" (
    "id" SERIAL NOT NULL,
    "kind" "AuthEventKind" NOT NULL,
    "email" TEXT,
    "user_id" INTEGER,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "organizations" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "billing_country" CHAR(2) NOT NULL DEFAULT 'US',
    "billing_region" TEXT,
    "tax_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_profiles" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "org_id" INTEGER,
    "name" TEXT NOT NULL,
    "address" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "role" "OrgRole" NOT NULL,
    "permissions" "Permission"[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_invites" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "role" "OrgRole" NOT NULL,
    "permissions" "Permission"[],
    "status" "InviteStatus" NOT NULL DEFAULT 'pending',
    "token_hash" TEXT NOT NULL,
    "invited_by_id" INTEGER NOT NULL,
    "accepted_by_id" INTEGER,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "accepted_at" TIMESTAMP(3),
    "responded_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "softwares" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "install_path" TEXT,
    "namespace" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" INTEGER,
    "updated_by" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "softwares_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "software_cores" (
    "id" SERIAL NOT NULL,
    "software_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "artifact_paths" TEXT[],
    "install_path" TEXT,
    "namespace" TEXT,
    "hash" TEXT,
    "validation_status" "CoreValidationStatus" NOT NULL DEFAULT 'pending',
    "metadata" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "software_cores_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendors" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "org_id" INTEGER,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "description" TEXT,
    "website" TEXT,
    "support_email" TEXT,
    "is_official" BOOLEAN NOT NULL DEFAULT false,
    "is_verified" BOOLEAN NOT NULL DEFAULT false,
    "commission_rate" DECIMAL(6,4) NOT NULL DEFAULT 0.30,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commission_history" (
    "id" SERIAL NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "effective_to" TIMESTAMP(3),
    "commission_rate" DECIMAL(6,4) NOT NULL,
    "changed_by_user_id" INTEGER,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commission_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendor_api_tokens" (
    "id" SERIAL NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "vendor_api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "modules" (
    "id" SERIAL NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ModuleType" NOT NULL DEFAULT 'ready_made',
    "status" "ModuleStatus" NOT NULL DEFAULT 'draft',
    "short_description" TEXT,
    "description" TEXT,
    "category" TEXT,
    "icon_url" TEXT,
    "install_path" TEXT,
    "namespace" TEXT,
    "rating_average" DECIMAL(3,2),
    "rating_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "modules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_versions" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "channel" "ReleaseChannel" NOT NULL DEFAULT 'stable',
    "status" "VersionStatus" NOT NULL DEFAULT 'pending',
    "built_against_core_id" INTEGER,
    "artifact_key" TEXT,
    "hash" TEXT,
    "size_bytes" BIGINT,
    "manifest" JSONB,
    "install_path" TEXT,
    "namespace" TEXT,
    "changelog" TEXT,
    "is_compatible_with_previous" BOOLEAN NOT NULL DEFAULT true,
    "release_date" TIMESTAMP(3),
    "deprecated_at" TIMESTAMP(3),
    "replaced_by_version_id" INTEGER,
    "submitted_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_core_compatibility" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "software_id" INTEGER NOT NULL,
    "tested_core_id" INTEGER,
    "min_core_version" TEXT NOT NULL,
    "max_core_version" TEXT,
    "tested_at" TIMESTAMP(3),
    "is_verified" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "module_core_compatibility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_dependencies" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "depends_on_module_id" INTEGER NOT NULL,
    "dependency_type" "DependencyType" NOT NULL,
    "min_version" TEXT NOT NULL,
    "is_required" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_dependencies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_integrations" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "integrates_with_module_id" INTEGER NOT NULL,
    "integration_type" TEXT NOT NULL,
    "description" TEXT,
    "is_bidirectional" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_validations" (
    "id" SERIAL NOT NULL,
    "version_id" INTEGER NOT NULL,
    "reviewer_user_id" INTEGER,
    "status" "ValidationStatus" NOT NULL DEFAULT 'pending',
    "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMP(3),
    "notes" TEXT,
    "security_scan_passed" BOOLEAN,
    "security_scan_notes" TEXT,
    "code_review_passed" BOOLEAN,
    "code_review_notes" TEXT,
    "performance_tested" BOOLEAN,
    "performance_notes" TEXT,

    CONSTRAINT "module_validations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_contracts" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "contract_type" "ContractType" NOT NULL,
    "terms_url" TEXT,
    "body" TEXT,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_reviews" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "org_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    "rating" INTEGER NOT NULL,
    "title" TEXT,
    "body" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_pricing_plans" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "plan_type" "PlanType" NOT NULL,
    "name" TEXT NOT NULL,
    "price_amount" DECIMAL(12,2),
    "price_currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "billing_cycle" "BillingCycle" NOT NULL,
    "custom_rate_per_day" DECIMAL(12,2),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "features_json" JSONB NOT NULL DEFAULT '{}',
    "max_users" INTEGER,
    "max_instances" INTEGER,
    "trial_days" INTEGER NOT NULL DEFAULT 0,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_pricing_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tax_rules" (
    "id" SERIAL NOT NULL,
    "country_code" CHAR(2) NOT NULL,
    "region" TEXT,
    "tax_name" TEXT NOT NULL,
    "tax_rate" DECIMAL(6,4) NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "effective_to" TIMESTAMP(3),

    CONSTRAINT "tax_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "discount_coupons" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "discount_type" "DiscountType" NOT NULL,
    "discount_value" DECIMAL(12,2) NOT NULL,
    "applies_to_module_id" INTEGER,
    "applies_to_plan_id" INTEGER,
    "min_purchase_amount" DECIMAL(12,2),
    "max_uses" INTEGER,
    "times_used" INTEGER NOT NULL DEFAULT 0,
    "valid_from" TIMESTAMP(3),
    "valid_until" TIMESTAMP(3),
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "discount_coupons_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_purchases" (
    "id" SERIAL NOT NULL,
    "module_id" INTEGER NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "pricing_plan_id" INTEGER NOT NULL,
    "org_id" INTEGER NOT NULL,
    "purchased_by_user_id" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "subtotal_amount" DECIMAL(12,2) NOT NULL,
    "discount_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "tax_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "commission_rate" DECIMAL(6,4) NOT NULL,
    "commission_amount" DECIMAL(12,2) NOT NULL,
    "vendor_amount" DECIMAL(12,2) NOT NULL,
    "tax_rate" DECIMAL(6,4) NOT NULL DEFAULT 0,
    "tax_name" TEXT,
    "reverse_charge" BOOLEAN NOT NULL DEFAULT false,
    "custom_days" INTEGER,
    "coupon_id" INTEGER,
    "status" "PurchaseStatus" NOT NULL DEFAULT 'completed',
    "payment_method_id" TEXT,
    "purchased_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_purchases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_licenses" (
    "id" SERIAL NOT NULL,
    "purchase_id" INTEGER,
    "module_id" INTEGER NOT NULL,
    "pricing_plan_id" INTEGER,
    "org_id" INTEGER NOT NULL,
    "license_key" TEXT NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3),
    "status" "LicenseStatus" NOT NULL DEFAULT 'pending',
    "auto_renew" BOOLEAN NOT NULL DEFAULT false,
    "payment_method_id" TEXT,
    "cancelled_at" TIMESTAMP(3),
    "renewal_attempts" INTEGER NOT NULL DEFAULT 0,
    "next_retry_at" TIMESTAMP(3),
    "expiry_notice_sent_for" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_licenses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_periods" (
    "id" SERIAL NOT NULL,
    "license_id" INTEGER NOT NULL,
    "starts_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3),
    "purchase_id" INTEGER,
    "renewal_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_periods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_contract_acceptances" (
    "id" SERIAL NOT NULL,
    "license_id" INTEGER NOT NULL,
    "contract_id" INTEGER NOT NULL,
    "accepted_by_user_id" INTEGER NOT NULL,
    "accepted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip_address" TEXT,
    "user_agent" TEXT,

    CONSTRAINT "license_contract_acceptances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "license_status_history" (
    "id" SERIAL NOT NULL,
    "license_id" INTEGER NOT NULL,
    "old_status" "LicenseStatus",
    "new_status" "LicenseStatus" NOT NULL,
    "changed_by_user_id" INTEGER,
    "reason" TEXT,
    "changed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "license_status_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_methods" (
    "id" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "brand" TEXT,
    "last4" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_charge_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "failure_code" TEXT,
    "payment_method_id" TEXT,
    "purchase_id" INTEGER,
    "renewal_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "org_id" INTEGER NOT NULL,
    "purchase_id" INTEGER,
    "renewal_id" INTEGER,
    "issued_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "currency" CHAR(3) NOT NULL,
    "lines" JSONB NOT NULL,
    "subtotal_amount" DECIMAL(12,2) NOT NULL,
    "discount_amount" DECIMAL(12,2) NOT NULL,
    "tax_amount" DECIMAL(12,2) NOT NULL,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "tax_name" TEXT,
    "tax_rate" DECIMAL(6,4) NOT NULL DEFAULT 0,
    "reverse_charge" BOOLEAN NOT NULL DEFAULT false,
    "billing_name" TEXT NOT NULL,
    "billing_address" TEXT,
    "billing_country" CHAR(2) NOT NULL,
    "tax_id" TEXT,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "org_id" INTEGER,
    "request_hash" TEXT NOT NULL,
    "status" "IdempotencyStatus" NOT NULL DEFAULT 'in_progress',
    "response" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instances" (
    "id" SERIAL NOT NULL,
    "org_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "environment" "Environment" NOT NULL,
    "domain" TEXT,
    "core_id" INTEGER NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_credentials" (
    "id" SERIAL NOT NULL,
    "instance_id" INTEGER NOT NULL,
    "key_id" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "name" TEXT,
    "created_by_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "instance_credentials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_modules" (
    "id" SERIAL NOT NULL,
    "instance_id" INTEGER NOT NULL,
    "module_license_id" INTEGER NOT NULL,
    "module_id" INTEGER NOT NULL,
    "module_version_id" INTEGER NOT NULL,
    "module_hash" TEXT NOT NULL,
    "activated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "activated_by_user_id" INTEGER,
    "deactivated_at" TIMESTAMP(3),

    CONSTRAINT "instance_modules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_module_activation_logs" (
    "id" SERIAL NOT NULL,
    "instance_id" INTEGER NOT NULL,
    "instance_module_id" INTEGER,
    "module_id" INTEGER NOT NULL,
    "module_version_id" INTEGER,
    "license_id" INTEGER,
    "event_type" "ActivationEventType" NOT NULL,
    "status" "ActivationResult" NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "performed_by_user_id" INTEGER,
    "performed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "metadata_json" JSONB,

    CONSTRAINT "instance_module_activation_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_renewals" (
    "id" SERIAL NOT NULL,
    "module_license_id" INTEGER NOT NULL,
    "renewed_at" TIMESTAMP(3) NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "period_end" TIMESTAMP(3),
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "amount" DECIMAL(12,2) NOT NULL,
    "tax_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "total_amount" DECIMAL(12,2) NOT NULL,
    "commission_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "vendor_amount" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "next_billing_date" TIMESTAMP(3),
    "status" "RenewalStatus" NOT NULL,
    "payment_method_id" TEXT,
    "failure_reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_renewals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vendor_payouts" (
    "id" SERIAL NOT NULL,
    "vendor_id" INTEGER NOT NULL,
    "period_start" TIMESTAMP(3) NOT NULL,
    "period_end" TIMESTAMP(3) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "sales_count" INTEGER NOT NULL DEFAULT 0,
    "total_sales" DECIMAL(12,2) NOT NULL,
    "commission_amount" DECIMAL(12,2) NOT NULL,
    "payout_amount" DECIMAL(12,2) NOT NULL,
    "status" "PayoutStatus" NOT NULL DEFAULT 'pending',
    "paid_at" TIMESTAMP(3),
    "payment_reference" TEXT,
    "paid_by_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vendor_payouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_update_flows" (
    "id" SERIAL NOT NULL,
    "from_version_id" INTEGER NOT NULL,
    "to_version_id" INTEGER,
    "update_type" "UpdateType" NOT NULL,
    "migration_script_path" TEXT,
    "rollback_script_path" TEXT,
    "is_breaking" BOOLEAN NOT NULL DEFAULT false,
    "requires_downtime" BOOLEAN NOT NULL DEFAULT false,
    "estimated_duration_minutes" INTEGER,
    "tested_at" TIMESTAMP(3),
    "approved_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_update_flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_module_updates" (
    "id" SERIAL NOT NULL,
    "instance_module_id" INTEGER NOT NULL,
    "update_flow_id" INTEGER NOT NULL,
    "from_version_id" INTEGER NOT NULL,
    "to_version_id" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "status" "UpdateStatus" NOT NULL DEFAULT 'in_progress',
    "error_message" TEXT,
    "performed_by_user_id" INTEGER,

    CONSTRAINT "instance_module_updates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_usage_metrics" (
    "id" SERIAL NOT NULL,
    "instance_module_id" INTEGER NOT NULL,
    "module_version_id" INTEGER,
    "core_version" TEXT,
    "metric_date" DATE NOT NULL,
    "active_users" INTEGER NOT NULL DEFAULT 0,
    "api_calls" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "avg_response_time_ms" INTEGER,
    "total_data_processed_mb" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "module_usage_metrics_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "module_error_logs" (
    "id" SERIAL NOT NULL,
    "instance_module_id" INTEGER NOT NULL,
    "module_version_id" INTEGER,
    "core_version" TEXT,
    "fingerprint" TEXT NOT NULL,
    "error_type" TEXT NOT NULL,
    "error_message" TEXT NOT NULL,
    "stack_trace" TEXT,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "occurred_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" INTEGER,
    "resolved" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "module_error_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" SERIAL NOT NULL,
    "recipient_type" "RecipientType" NOT NULL,
    "recipient_user_id" INTEGER,
    "recipient_org_id" INTEGER,
    "notification_type" "NotificationType" NOT NULL,
    "title" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "related_entity_type" TEXT,
    "related_entity_id" INTEGER,
    "dedupe_key" TEXT,
    "is_read" BOOLEAN NOT NULL DEFAULT false,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMP(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_preferences" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "notification_type" "NotificationType" NOT NULL,
    "email_enabled" BOOLEAN NOT NULL DEFAULT true,
    "in_app_enabled" BOOLEAN NOT NULL DEFAULT true,
    "sms_enabled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "notification_preferences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_deliveries" (
    "id" SERIAL NOT NULL,
    "notification_id" INTEGER,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "email_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER,
    "org_id" INTEGER,
    "action_type" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "old_value_json" JSONB,
    "new_value_json" JSONB,
    "ip_address" TEXT,
    "user_agent" TEXT,
    "performed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "auth_events_email_kind_created_at_idx" ON "auth_events"("email", "kind", "created_at");

-- CreateIndex
CREATE INDEX "auth_events_ip_address_kind_created_at_idx" ON "auth_events"("ip_address", "kind", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_slug_key" ON "organizations"("slug");

-- CreateIndex
CREATE INDEX "billing_profiles_user_id_idx" ON "billing_profiles"("user_id");

-- CreateIndex
CREATE INDEX "billing_profiles_org_id_idx" ON "billing_profiles"("org_id");

-- CreateIndex
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "memberships_org_id_user_id_key" ON "memberships"("org_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "team_invites_token_hash_key" ON "team_invites"("token_hash");

-- CreateIndex
CREATE INDEX "team_invites_org_id_status_idx" ON "team_invites"("org_id", "status");

-- CreateIndex
CREATE INDEX "team_invites_email_idx" ON "team_invites"("email");

-- CreateIndex
CREATE UNIQUE INDEX "softwares_slug_key" ON "softwares"("slug");

-- CreateIndex
CREATE INDEX "software_cores_validation_status_idx" ON "software_cores"("validation_status");

-- CreateIndex
CREATE UNIQUE INDEX "software_cores_software_id_version_key" ON "software_cores"("software_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "vendors_slug_key" ON "vendors"("slug");

-- CreateIndex
CREATE INDEX "vendors_user_id_idx" ON "vendors"("user_id");

-- CreateIndex
CREATE INDEX "vendors_org_id_idx" ON "vendors"("org_id");

-- CreateIndex
CREATE INDEX "commission_history_vendor_id_effective_from_idx" ON "commission_history"("vendor_id", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_api_tokens_token_hash_key" ON "vendor_api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "vendor_api_tokens_vendor_id_idx" ON "vendor_api_tokens"("vendor_id");

-- CreateIndex
CREATE UNIQUE INDEX "modules_slug_key" ON "modules"("slug");

-- CreateIndex
CREATE INDEX "modules_vendor_id_idx" ON "modules"("vendor_id");

-- CreateIndex
CREATE INDEX "modules_status_published_at_idx" ON "modules"("status", "published_at");

-- CreateIndex
CREATE INDEX "modules_status_category_idx" ON "modules"("status", "category");

-- CreateIndex
CREATE INDEX "module_versions_module_id_status_idx" ON "module_versions"("module_id", "status");

-- CreateIndex
CREATE INDEX "module_versions_status_idx" ON "module_versions"("status");

-- CreateIndex
CREATE INDEX "module_versions_hash_idx" ON "module_versions"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "module_versions_module_id_version_key" ON "module_versions"("module_id", "version");

-- CreateIndex
CREATE INDEX "module_core_compatibility_software_id_idx" ON "module_core_compatibility"("software_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_core_compatibility_version_id_software_id_min_core_v_key" ON "module_core_compatibility"("version_id", "software_id", "min_core_version");

-- CreateIndex
CREATE INDEX "module_dependencies_depends_on_module_id_idx" ON "module_dependencies"("depends_on_module_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_dependencies_version_id_depends_on_module_id_key" ON "module_dependencies"("version_id", "depends_on_module_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_integrations_version_id_integrates_with_module_id_key" ON "module_integrations"("version_id", "integrates_with_module_id");

-- CreateIndex
CREATE INDEX "module_validations_status_submitted_at_idx" ON "module_validations"("status", "submitted_at");

-- CreateIndex
CREATE INDEX "module_validations_version_id_idx" ON "module_validations"("version_id");

-- CreateIndex
CREATE INDEX "module_contracts_module_id_is_active_effective_from_idx" ON "module_contracts"("module_id", "is_active", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "module_contracts_module_id_version_key" ON "module_contracts"("module_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "module_reviews_module_id_user_id_key" ON "module_reviews"("module_id", "user_id");

-- CreateIndex
CREATE INDEX "module_pricing_plans_module_id_is_active_idx" ON "module_pricing_plans"("module_id", "is_active");

-- CreateIndex
CREATE INDEX "module_pricing_plans_plan_type_idx" ON "module_pricing_plans"("plan_type");

-- CreateIndex
CREATE INDEX "tax_rules_country_code_region_idx" ON "tax_rules"("country_code", "region");

-- CreateIndex
CREATE UNIQUE INDEX "discount_coupons_code_key" ON "discount_coupons"("code");

-- CreateIndex
CREATE INDEX "module_purchases_org_id_purchased_at_idx" ON "module_purchases"("org_id", "purchased_at");

-- CreateIndex
CREATE INDEX "module_purchases_vendor_id_purchased_at_idx" ON "module_purchases"("vendor_id", "purchased_at");

-- CreateIndex
CREATE INDEX "module_purchases_module_id_idx" ON "module_purchases"("module_id");

-- CreateIndex
CREATE INDEX "module_purchases_coupon_id_idx" ON "module_purchases"("coupon_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_licenses_license_key_key" ON "module_licenses"("license_key");

-- CreateIndex
CREATE INDEX "module_licenses_org_id_status_idx" ON "module_licenses"("org_id", "status");

-- CreateIndex
CREATE INDEX "module_licenses_module_id_idx" ON "module_licenses"("module_id");

-- CreateIndex
CREATE INDEX "module_licenses_status_expires_at_idx" ON "module_licenses"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "license_periods_license_id_starts_at_key" ON "license_periods"("license_id", "starts_at");

-- CreateIndex
CREATE INDEX "license_contract_acceptances_license_id_idx" ON "license_contract_acceptances"("license_id");

-- CreateIndex
CREATE INDEX "license_status_history_license_id_changed_at_idx" ON "license_status_history"("license_id", "changed_at");

-- CreateIndex
CREATE INDEX "payment_methods_org_id_idx" ON "payment_methods"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE INDEX "payments_org_id_created_at_idx" ON "payments"("org_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_purchase_id_key" ON "invoices"("purchase_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_renewal_id_key" ON "invoices"("renewal_id");

-- CreateIndex
CREATE INDEX "invoices_org_id_issued_at_idx" ON "invoices"("org_id", "issued_at");

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_keys_user_id_operation_key_key" ON "idempotency_keys"("user_id", "operation", "key");

-- CreateIndex
CREATE INDEX "instances_org_id_is_active_idx" ON "instances"("org_id", "is_active");

-- CreateIndex
CREATE UNIQUE INDEX "instance_credentials_key_id_key" ON "instance_credentials"("key_id");

-- CreateIndex
CREATE INDEX "instance_credentials_instance_id_idx" ON "instance_credentials"("instance_id");

-- CreateIndex
CREATE INDEX "instance_modules_module_license_id_is_active_idx" ON "instance_modules"("module_license_id", "is_active");

-- CreateIndex
CREATE UNIQUE INDEX "instance_modules_instance_id_module_id_key" ON "instance_modules"("instance_id", "module_id");

-- CreateIndex
CREATE INDEX "instance_module_activation_logs_instance_id_performed_at_idx" ON "instance_module_activation_logs"("instance_id", "performed_at");

-- CreateIndex
CREATE INDEX "instance_module_activation_logs_instance_module_id_idx" ON "instance_module_activation_logs"("instance_module_id");

-- CreateIndex
CREATE INDEX "subscription_renewals_status_idx" ON "subscription_renewals"("status");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_renewals_module_license_id_period_start_key" ON "subscription_renewals"("module_license_id", "period_start");

-- CreateIndex
CREATE INDEX "vendor_payouts_status_idx" ON "vendor_payouts"("status");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_payouts_vendor_id_period_start_currency_key" ON "vendor_payouts"("vendor_id", "period_start", "currency");

-- CreateIndex
CREATE INDEX "module_update_flows_to_version_id_idx" ON "module_update_flows"("to_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "module_update_flows_from_version_id_to_version_id_key" ON "module_update_flows"("from_version_id", "to_version_id");

-- CreateIndex
CREATE INDEX "instance_module_updates_instance_module_id_started_at_idx" ON "instance_module_updates"("instance_module_id", "started_at");

-- CreateIndex
CREATE INDEX "module_usage_metrics_module_version_id_metric_date_idx" ON "module_usage_metrics"("module_version_id", "metric_date");

-- CreateIndex
CREATE UNIQUE INDEX "module_usage_metrics_instance_module_id_metric_date_key" ON "module_usage_metrics"("instance_module_id", "metric_date");

-- CreateIndex
CREATE INDEX "module_error_logs_module_version_id_occurred_at_idx" ON "module_error_logs"("module_version_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "module_error_logs_instance_module_id_fingerprint_key" ON "module_error_logs"("instance_module_id", "fingerprint");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_recipient_user_id_is_read_sent_at_idx" ON "notifications"("recipient_user_id", "is_read", "sent_at");

-- CreateIndex
CREATE INDEX "notifications_recipient_org_id_is_read_sent_at_idx" ON "notifications"("recipient_org_id", "is_read", "sent_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_preferences_user_id_notification_type_key" ON "notification_preferences"("user_id", "notification_type");

-- CreateIndex
CREATE INDEX "email_deliveries_status_created_at_idx" ON "email_deliveries"("status", "created_at");

-- CreateIndex
CREATE INDEX "audit_logs_performed_at_idx" ON "audit_logs"("performed_at");

-- CreateIndex
CREATE INDEX "audit_logs_org_id_performed_at_idx" ON "audit_logs"("org_id", "performed_at");

-- CreateIndex
CREATE INDEX "audit_logs_user_id_performed_at_idx" ON "audit_logs"("user_id", "performed_at");

-- CreateIndex
CREATE INDEX "audit_logs_entity_type_entity_id_idx" ON "audit_logs"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_logs_action_type_performed_at_idx" ON "audit_logs"("action_type", "performed_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_profiles" ADD CONSTRAINT "billing_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_profiles" ADD CONSTRAINT "billing_profiles_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_invites" ADD CONSTRAINT "team_invites_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_invites" ADD CONSTRAINT "team_invites_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_invites" ADD CONSTRAINT "team_invites_accepted_by_id_fkey" FOREIGN KEY ("accepted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "softwares" ADD CONSTRAINT "softwares_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "softwares" ADD CONSTRAINT "softwares_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "softwares" ADD CONSTRAINT "softwares_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "software_cores" ADD CONSTRAINT "software_cores_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "softwares"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendors" ADD CONSTRAINT "vendors_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commission_history" ADD CONSTRAINT "commission_history_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commission_history" ADD CONSTRAINT "commission_history_changed_by_user_id_fkey" FOREIGN KEY ("changed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_api_tokens" ADD CONSTRAINT "vendor_api_tokens_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_api_tokens" ADD CONSTRAINT "vendor_api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "modules" ADD CONSTRAINT "modules_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_built_against_core_id_fkey" FOREIGN KEY ("built_against_core_id") REFERENCES "software_cores"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_replaced_by_version_id_fkey" FOREIGN KEY ("replaced_by_version_id") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_versions" ADD CONSTRAINT "module_versions_submitted_by_id_fkey" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_core_compatibility" ADD CONSTRAINT "module_core_compatibility_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_core_compatibility" ADD CONSTRAINT "module_core_compatibility_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "softwares"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_core_compatibility" ADD CONSTRAINT "module_core_compatibility_tested_core_id_fkey" FOREIGN KEY ("tested_core_id") REFERENCES "software_cores"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_dependencies" ADD CONSTRAINT "module_dependencies_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_dependencies" ADD CONSTRAINT "module_dependencies_depends_on_module_id_fkey" FOREIGN KEY ("depends_on_module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_integrations" ADD CONSTRAINT "module_integrations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_integrations" ADD CONSTRAINT "module_integrations_integrates_with_module_id_fkey" FOREIGN KEY ("integrates_with_module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_validations" ADD CONSTRAINT "module_validations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_validations" ADD CONSTRAINT "module_validations_reviewer_user_id_fkey" FOREIGN KEY ("reviewer_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_contracts" ADD CONSTRAINT "module_contracts_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_reviews" ADD CONSTRAINT "module_reviews_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_reviews" ADD CONSTRAINT "module_reviews_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_reviews" ADD CONSTRAINT "module_reviews_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_pricing_plans" ADD CONSTRAINT "module_pricing_plans_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discount_coupons" ADD CONSTRAINT "discount_coupons_applies_to_module_id_fkey" FOREIGN KEY ("applies_to_module_id") REFERENCES "modules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "discount_coupons" ADD CONSTRAINT "discount_coupons_applies_to_plan_id_fkey" FOREIGN KEY ("applies_to_plan_id") REFERENCES "module_pricing_plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_pricing_plan_id_fkey" FOREIGN KEY ("pricing_plan_id") REFERENCES "module_pricing_plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_purchased_by_user_id_fkey" FOREIGN KEY ("purchased_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_purchases" ADD CONSTRAINT "module_purchases_coupon_id_fkey" FOREIGN KEY ("coupon_id") REFERENCES "discount_coupons"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_licenses" ADD CONSTRAINT "module_licenses_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "module_purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_licenses" ADD CONSTRAINT "module_licenses_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_licenses" ADD CONSTRAINT "module_licenses_pricing_plan_id_fkey" FOREIGN KEY ("pricing_plan_id") REFERENCES "module_pricing_plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_licenses" ADD CONSTRAINT "module_licenses_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_periods" ADD CONSTRAINT "license_periods_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_contract_acceptances" ADD CONSTRAINT "license_contract_acceptances_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_contract_acceptances" ADD CONSTRAINT "license_contract_acceptances_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "module_contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_contract_acceptances" ADD CONSTRAINT "license_contract_acceptances_accepted_by_user_id_fkey" FOREIGN KEY ("accepted_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_status_history" ADD CONSTRAINT "license_status_history_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "license_status_history" ADD CONSTRAINT "license_status_history_changed_by_user_id_fkey" FOREIGN KEY ("changed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "module_purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_renewal_id_fkey" FOREIGN KEY ("renewal_id") REFERENCES "subscription_renewals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "module_purchases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_renewal_id_fkey" FOREIGN KEY ("renewal_id") REFERENCES "subscription_renewals"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instances" ADD CONSTRAINT "instances_core_id_fkey" FOREIGN KEY ("core_id") REFERENCES "software_cores"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_credentials" ADD CONSTRAINT "instance_credentials_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_credentials" ADD CONSTRAINT "instance_credentials_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_modules" ADD CONSTRAINT "instance_modules_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_modules" ADD CONSTRAINT "instance_modules_module_license_id_fkey" FOREIGN KEY ("module_license_id") REFERENCES "module_licenses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_modules" ADD CONSTRAINT "instance_modules_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_modules" ADD CONSTRAINT "instance_modules_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_modules" ADD CONSTRAINT "instance_modules_activated_by_user_id_fkey" FOREIGN KEY ("activated_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_instance_module_id_fkey" FOREIGN KEY ("instance_module_id") REFERENCES "instance_modules"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_license_id_fkey" FOREIGN KEY ("license_id") REFERENCES "module_licenses"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_activation_logs" ADD CONSTRAINT "instance_module_activation_logs_performed_by_user_id_fkey" FOREIGN KEY ("performed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_renewals" ADD CONSTRAINT "subscription_renewals_module_license_id_fkey" FOREIGN KEY ("module_license_id") REFERENCES "module_licenses"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_payouts" ADD CONSTRAINT "vendor_payouts_vendor_id_fkey" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vendor_payouts" ADD CONSTRAINT "vendor_payouts_paid_by_id_fkey" FOREIGN KEY ("paid_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_update_flows" ADD CONSTRAINT "module_update_flows_from_version_id_fkey" FOREIGN KEY ("from_version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_update_flows" ADD CONSTRAINT "module_update_flows_to_version_id_fkey" FOREIGN KEY ("to_version_id") REFERENCES "module_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_updates" ADD CONSTRAINT "instance_module_updates_instance_module_id_fkey" FOREIGN KEY ("instance_module_id") REFERENCES "instance_modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_updates" ADD CONSTRAINT "instance_module_updates_update_flow_id_fkey" FOREIGN KEY ("update_flow_id") REFERENCES "module_update_flows"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_updates" ADD CONSTRAINT "instance_module_updates_from_version_id_fkey" FOREIGN KEY ("from_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_updates" ADD CONSTRAINT "instance_module_updates_to_version_id_fkey" FOREIGN KEY ("to_version_id") REFERENCES "module_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_module_updates" ADD CONSTRAINT "instance_module_updates_performed_by_user_id_fkey" FOREIGN KEY ("performed_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_usage_metrics" ADD CONSTRAINT "module_usage_metrics_instance_module_id_fkey" FOREIGN KEY ("instance_module_id") REFERENCES "instance_modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_usage_metrics" ADD CONSTRAINT "module_usage_metrics_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_error_logs" ADD CONSTRAINT "module_error_logs_instance_module_id_fkey" FOREIGN KEY ("instance_module_id") REFERENCES "instance_modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_error_logs" ADD CONSTRAINT "module_error_logs_module_version_id_fkey" FOREIGN KEY ("module_version_id") REFERENCES "module_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "module_error_logs" ADD CONSTRAINT "module_error_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_user_id_fkey" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_org_id_fkey" FOREIGN KEY ("recipient_org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_deliveries" ADD CONSTRAINT "email_deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
