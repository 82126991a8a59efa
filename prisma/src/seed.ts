/**
 * Loads the demo data (seed 000's sample rows + demo accounts). Idempotent: rows that exist are
 * left as they are (insert-only, by primary key), so a second run changes nothing.
 */
import argon2 from 'argon2';
import type { PrismaClient } from '../generated/client';
import * as data from './seed-data';
import { errorFingerprint } from './fingerprint';

export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

type Delegate = { createMany(args: { data: unknown[]; skipDuplicates?: boolean }): Promise<{ count: number }> };

/** Tables whose ids we set explicitly, with their sequences to move past the seed's ids. */
const SEQUENCED_TABLES = [
  'users',
  'organizations',
  'billing_profiles',
  'memberships',
  'softwares',
  'software_permissions',
  'software_cores',
  'vendors',
  'commission_history',
  'modules',
  'module_versions',
  'module_core_compatibility',
  'module_dependencies',
  'module_integrations',
  'module_validations',
  'module_contracts',
  'module_reviews',
  'module_pricing_plans',
  'tax_rules',
  'discount_coupons',
  'module_purchases',
  'module_licenses',
  'license_periods',
  'license_contract_acceptances',
  'license_status_history',
  'instances',
  'instance_modules',
  'instance_module_activation_logs',
  'permission_consents',
  'subscription_renewals',
  'vendor_payouts',
  'module_update_flows',
  'instance_module_updates',
  'module_usage_metrics',
  'module_error_logs',
  'notifications',
  'notification_preferences',
  'audit_logs',
  'invoices',
];

export interface SeedResult {
  inserted: Record<string, number>;
}

export async function seedDemoData(prisma: PrismaClient): Promise<SeedResult> {
  const inserted: Record<string, number> = {};
  const load = async (name: string, delegate: unknown, rows: readonly unknown[]) => {
    const res = await (delegate as Delegate).createMany({ data: rows as unknown[], skipDuplicates: true });
    inserted[name] = res.count;
  };

  const existingUsers = new Set((await prisma.user.findMany({ select: { id: true } })).map((u) => u.id));
  const passwordHash = existingUsers.size < data.users.length ? await hashPassword(data.DEMO_PASSWORD) : '';
  await load(
    'users',
    prisma.user,
    data.users.filter((u) => !existingUsers.has(u.id)).map((u) => ({ ...u, passwordHash })),
  );
  await load('organizations', prisma.organization, data.organizations);
  await load('billingProfiles', prisma.billingProfile, data.billingProfiles);
  await load(
    'memberships',
    prisma.membership,
    data.memberships.map((m) => ({ ...m, permissions: [...m.permissions] })),
  );
  await load('softwares', prisma.software, data.softwares);
  await load('softwarePermissions', prisma.softwarePermission, data.softwarePermissions);
  await load(
    'softwareCores',
    prisma.softwareCore,
    data.softwareCores.map((c) => ({ ...c, artifactPaths: [...c.artifactPaths] })),
  );
  await load('vendors', prisma.vendor, data.vendors);
  await load('commissionHistory', prisma.commissionHistory, data.commissionHistory);
  await load('modules', prisma.module, data.modules);
  await load(
    'moduleVersions',
    prisma.moduleVersion,
    data.moduleVersions.map((v) => ({ ...v, permissions: [...v.permissions] })),
  );
  await load('moduleCoreCompatibility', prisma.moduleCoreCompatibility, data.moduleCoreCompatibility);
  await load('moduleDependencies', prisma.moduleDependency, data.moduleDependencies);
  await load('moduleIntegrations', prisma.moduleIntegration, data.moduleIntegrations);
  await load('moduleValidations', prisma.moduleValidation, data.moduleValidations);
  await load('moduleContracts', prisma.moduleContract, data.moduleContracts);
  await load('moduleReviews', prisma.moduleReview, data.moduleReviews);
  await load('pricingPlans', prisma.pricingPlan, data.pricingPlans);
  await load('taxRules', prisma.taxRule, data.taxRules);
  await load('coupons', prisma.coupon, data.coupons);
  await load('paymentMethods', prisma.paymentMethod, data.paymentMethods);
  await load('purchases', prisma.purchase, data.purchases);
  await load('licenses', prisma.license, data.licenses);
  await load('licensePeriods', prisma.licensePeriod, data.licensePeriods);
  await load('contractAcceptances', prisma.licenseContractAcceptance, data.contractAcceptances);
  await load('licenseStatusHistory', prisma.licenseStatusHistory, data.licenseStatusHistory);
  await load('instances', prisma.instance, data.instances);
  await load('instanceModules', prisma.instanceModule, data.instanceModules);
  await load('activationLogs', prisma.activationLog, data.activationLogs);
  await load('permissionConsents', prisma.permissionConsent, data.permissionConsents);
  await load('subscriptionRenewals', prisma.subscriptionRenewal, data.subscriptionRenewals);
  await load('vendorPayouts', prisma.vendorPayout, data.vendorPayouts);
  await load('updateFlows', prisma.updateFlow, data.updateFlows);
  await load('instanceModuleUpdates', prisma.instanceModuleUpdate, data.instanceModuleUpdates);
  await load('usageMetrics', prisma.moduleUsageMetric, data.usageMetrics);
  await load(
    'errorLogs',
    prisma.moduleErrorLog,
    data.errorLogs.map((e) => ({
      ...e,
      fingerprint: errorFingerprint(e.errorType, e.errorMessage, e.stackTrace),
      firstSeenAt: e.occurredAt,
      occurrences: 1,
    })),
  );
  await load('notifications', prisma.notification, data.notifications);
  await load('notificationPreferences', prisma.notificationPreference, data.notificationPreferences);
  await load('auditLogs', prisma.auditLog, data.auditLogs);
  await load('invoices', prisma.invoice, demoInvoices());

  // Ratings are derived from reviews.
  for (const m of data.modules) {
    const agg = await prisma.moduleReview.aggregate({ where: { moduleId: m.id }, _avg: { rating: true }, _count: true });
    await prisma.module.update({
      where: { id: m.id },
      data: { ratingCount: agg._count, ratingAverage: agg._avg.rating === null ? null : agg._avg.rating.toFixed(2) },
    });
  }

  for (const table of SEQUENCED_TABLES) {
    await prisma.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM "${table}"), 1000))`,
    );
  }
  return { inserted };
}

/** Receipts for the seed's purchases (numbered INV-<year>-<seq>). */
function demoInvoices() {
  const orgs = new Map(data.organizations.map((o) => [o.id, o]));
  const profiles = new Map(data.billingProfiles.filter((b) => b.orgId).map((b) => [b.orgId, b]));
  const plans = new Map(data.pricingPlans.map((p) => [p.id, p]));
  const mods = new Map(data.modules.map((m) => [m.id, m]));
  return data.purchases.map((p, i) => {
    const org = orgs.get(p.orgId)!;
    const plan = plans.get(p.pricingPlanId)!;
    const lines = [
      {
        description: `${mods.get(p.moduleId)!.name} — ${plan.name}${p.customDays ? ` (${p.customDays} days × ${plan.customRatePerDay})` : ''}`,
        amount: p.subtotalAmount,
      },
      ...(Number(p.discountAmount) > 0 ? [{ description: 'Discount (CUSTOM100)', amount: `-${p.discountAmount}` }] : []),
    ];
    return {
      id: i + 1,
      number: `INV-2025-${String(i + 1).padStart(6, '0')}`,
      orgId: p.orgId,
      purchaseId: p.id,
      issuedAt: p.purchasedAt,
      currency: 'USD',
      lines,
      subtotalAmount: p.subtotalAmount,
      discountAmount: p.discountAmount,
      taxAmount: p.taxAmount,
      totalAmount: p.totalAmount,
      taxName: 'VAT',
      taxRate: '0.0000',
      reverseCharge: p.reverseCharge,
      billingName: profiles.get(p.orgId)?.name ?? org.name,
      billingAddress: profiles.get(p.orgId)?.address ?? null,
      billingCountry: org.billingCountry,
      taxId: org.taxId,
    };
  });
}
