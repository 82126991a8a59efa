/**
 * The sample rows of seed 000 (all 13 sections), mapped to the normalised model.
 * Every mapping decision is commented where it departs from a verbatim copy; README "Demo data"
 * summarises them. Ids are kept, so references in the seed stay readable.
 */
const d = (s: string) => new Date(`${s.replace(' ', 'T')}Z`);

export const DEMO_PASSWORD = 'demo-password';

/** Section 1. Seed user 5 plus the users that the seed's memberships and vendors refer to. */
export const users = [
  { id: 5, name: 'System Admin', email: 'admin@webkernel.com', platformRole: 'platform_admin', emailVerifiedAt: d('2024-01-01 00:00:00'), createdAt: d('2024-01-01 00:00:00') },
  { id: 42, name: 'Alice Martin', email: 'alice@acme.test', platformRole: 'user', emailVerifiedAt: d('2024-01-01 00:00:00'), createdAt: d('2024-01-01 00:00:00') },
  { id: 43, name: 'Tom Durand', email: 'tom@techstart.test', platformRole: 'user', emailVerifiedAt: d('2024-03-15 00:00:00'), createdAt: d('2024-03-15 00:00:00') },
  { id: 44, name: 'Dev Patel', email: 'dev@acme.test', platformRole: 'user', emailVerifiedAt: d('2024-01-01 00:00:00'), createdAt: d('2024-01-01 00:00:00') },
  { id: 45, name: 'Vera Viewer', email: 'viewer@acme.test', platformRole: 'user', emailVerifiedAt: d('2024-02-01 00:00:00'), createdAt: d('2024-02-01 00:00:00') },
  { id: 87, name: 'John Doe', email: 'john@johndoe.test', platformRole: 'user', emailVerifiedAt: d('2025-01-10 00:00:00'), createdAt: d('2025-01-10 00:00:00') },
] as const;

/** Billing country/region/tax id are PRODUCT.md additions (Acme bills from GB, TechStart from FR). */
export const organizations = [
  { id: 101, name: 'Acme Corp', slug: 'acme-corp', billingCountry: 'GB', billingRegion: null, taxId: 'GB123456789', createdAt: d('2024-01-01 00:00:00') },
  { id: 102, name: 'TechStart Inc', slug: 'techstart-inc', billingCountry: 'FR', billingRegion: null, taxId: 'FR40303265045', createdAt: d('2024-03-15 00:00:00') },
];

/** Seed `users_organisations` → billing profiles (rows 101/102 are the billing identities of orgs 101/102). */
export const billingProfiles = [
  { id: 101, userId: 42, orgId: 101, name: 'Acme CORP', address: '221B Baker Street' },
  { id: 102, userId: 43, orgId: 102, name: 'Techstart', address: '11 Rue de Cambrai' },
  { id: 103, userId: 44, orgId: null, name: 'ARTAME', address: 'Alice Land' },
];

export const memberships = [
  { id: 1, orgId: 101, userId: 42, role: 'admin', permissions: ['all'], createdAt: d('2024-01-01 00:00:00') },
  { id: 2, orgId: 102, userId: 43, role: 'admin', permissions: ['all'], createdAt: d('2024-03-15 00:00:00') },
  { id: 3, orgId: 101, userId: 44, role: 'developer', permissions: ['manage_instances', 'view_modules'], createdAt: d('2024-01-01 00:00:00') },
  { id: 4, orgId: 101, userId: 45, role: 'viewer', permissions: ['view_modules', 'view_instances'], createdAt: d('2024-02-01 00:00:00') },
] as const;

/** Section 2. */
export const softwares = [
  { id: 1, orgId: null, name: 'Webkernel', slug: 'webkernel', installPath: 'webkernel/src/', namespace: 'Webkernel', isActive: true, createdById: 5, updatedById: 5, createdAt: d('2024-01-01 00:00:00') },
];

export const softwareCores = [
  { id: 1, softwareId: 1, name: 'Webkernel Origin', version: '1.0.1', artifactPaths: ['modules/webkernel_origin_101.zip'], installPath: 'webkernel/src/', namespace: 'Webkernel', hash: '8f3c2e7d1b4e8f0a6c9b2d3f1e4a7c8', validationStatus: 'validated', metadata: { size: '1.2MB' }, createdAt: d('2024-01-01 00:00:00') },
  { id: 2, softwareId: 1, name: 'Webkernel Origin', version: '1.9.5', artifactPaths: ['modules/webkernel_origin_195.zip'], installPath: 'webkernel/src/', namespace: 'Webkernel', hash: 'b7d8e4f2c3a1d9e0f5a6b3c2e8d7f9b2', validationStatus: 'validated', metadata: { size: '1.4MB' }, createdAt: d('2024-01-15 00:00:00') },
  { id: 3, softwareId: 1, name: 'Webkernel Horizon', version: '2.0.0', artifactPaths: ['modules/webkernel_horizon_200.zip'], installPath: 'webkernel/src/', namespace: 'Webkernel', hash: 'c1e2f3d4a5b6c7d8e9f0a1b2c3d4e5c3', validationStatus: 'pending', metadata: { size: '2.0MB', notes: 'new' }, createdAt: d('2024-02-01 00:00:00') },
] as const;

/** Section 3. Vendor 1 is official (run by platform admins); vendor 2 belongs to org 101 (run by its admin, user 42). */
export const vendors = [
  { id: 1, userId: null, orgId: null, name: 'Webkernel Labs', slug: 'webkernel-labs', isOfficial: true, isVerified: true, commissionRate: '0.0000', description: 'The official modules of the Webkernel platform, built and supported by the core team.', website: 'https://webkernel.com', supportEmail: 'support@webkernel.com', createdAt: d('2024-01-01 00:00:00') },
  { id: 2, userId: 42, orgId: 101, name: 'DevShop Solutions', slug: 'devshop-solutions', isOfficial: false, isVerified: true, commissionRate: '0.3000', description: 'Custom business software for growing teams: ERP, integrations and bespoke development.', website: 'https://devshop.example', supportEmail: 'help@devshop.example', createdAt: d('2024-06-15 10:00:00') },
  { id: 3, userId: 87, orgId: null, name: 'John Doe', slug: 'john-doe', isOfficial: false, isVerified: false, commissionRate: '0.3000', description: 'Independent developer of analytics modules.', website: null, supportEmail: 'john@johndoe.test', createdAt: d('2025-01-10 14:30:00') },
];

export const commissionHistory = [
  { id: 1, vendorId: 2, effectiveFrom: d('2024-06-15 00:00:00'), effectiveTo: null, commissionRate: '0.3000', changedById: 5, changedAt: d('2024-06-15 10:00:00') },
  { id: 2, vendorId: 3, effectiveFrom: d('2025-01-10 00:00:00'), effectiveTo: null, commissionRate: '0.3000', changedById: 5, changedAt: d('2025-01-10 14:30:00') },
];

/**
 * Section 4. Seed `modules` rows are releases: rows 1 and 4 are crm-pro 1.0.0 and 1.1.0. They map to
 * three listings (ids 1–3 = the seed's module_base_id) and the seed's module_versions (ids 1–5).
 * Release → version: release 1 → v1, release 2 → v3, release 3 → v5 (2.1.0, pending), release 4 → v2.
 */
export const modules = [
  {
    id: 1, vendorId: 1, slug: 'crm-pro', name: 'CRM Pro', type: 'ready_made', status: 'published', category: 'crm',
    shortDescription: 'Contacts, deals and pipelines for Webkernel, with e-mail sync and exports.',
    description: '# CRM Pro\n\nManage **contacts, companies and deals** right inside Webkernel.\n\n- Visual sales pipelines\n- E-mail sync and activity timeline\n- CSV and Excel export (1.1.0)\n- Syncs contacts with Custom ERP',
    installPath: 'webkernel/src/', namespace: 'Webkernel', createdAt: d('2024-01-01 00:00:00'), publishedAt: d('2024-01-15 00:00:00'),
  },
  {
    id: 2, vendorId: 2, slug: 'custom-erp', name: 'Custom ERP', type: 'custom', status: 'published', category: 'erp',
    shortDescription: 'An ERP tailored to your processes: inventory, purchasing and invoicing.',
    description: '# Custom ERP\n\nA bespoke **ERP** built on CRM Pro: inventory, purchasing, invoicing and reporting, adapted to your processes by DevShop Solutions. Priced per day of custom development.',
    installPath: 'webkernel/src/', namespace: 'Webkernel', createdAt: d('2024-06-20 00:00:00'), publishedAt: d('2024-07-01 00:00:00'),
  },
  {
    // Published: its 2.0.0 is approved (beta); 2.1.0 (the seed's pending release row) awaits review.
    id: 3, vendorId: 3, slug: 'analytics-pro', name: 'Analytics Pro', type: 'ready_made', status: 'published', category: 'analytics',
    shortDescription: 'Dashboards and reports over your Webkernel data, with CRM and ERP connectors.',
    description: '# Analytics Pro\n\nDashboards, scheduled reports and KPIs. Connects to **CRM Pro** (analytics dashboard) and **Custom ERP** (financial reports).',
    installPath: 'webkernel/src/', namespace: 'Webkernel', createdAt: d('2025-01-15 00:00:00'), publishedAt: d('2025-01-15 00:00:00'),
  },
];

export const moduleVersions = [
  { id: 1, moduleId: 1, version: '1.0.0', channel: 'stable', status: 'stable', builtAgainstCoreId: 3, artifactKey: 'modules/crm_100.zip', hash: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1', changelog: 'Initial release', isCompatibleWithPrevious: true, releaseDate: d('2024-01-15 00:00:00'), createdAt: d('2024-01-01 00:00:00') },
  { id: 2, moduleId: 1, version: '1.1.0', channel: 'stable', status: 'stable', builtAgainstCoreId: 3, artifactKey: 'modules/crm_110.zip', hash: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d1', changelog: 'Added export feature, bug fixes', isCompatibleWithPrevious: true, releaseDate: d('2025-02-15 00:00:00'), createdAt: d('2025-02-01 00:00:00') },
  { id: 3, moduleId: 2, version: '1.0.0', channel: 'stable', status: 'stable', builtAgainstCoreId: 3, artifactKey: 'modules/erp_100.zip', hash: 'e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b2', changelog: 'Custom ERP first version', isCompatibleWithPrevious: true, releaseDate: d('2024-07-01 00:00:00'), createdAt: d('2024-06-20 00:00:00') },
  // 2.0.0 has no release row in the seed, so no artifact or hash.
  { id: 4, moduleId: 3, version: '2.0.0', channel: 'beta', status: 'beta', builtAgainstCoreId: 2, artifactKey: null, hash: null, changelog: 'Major rewrite with new analytics', isCompatibleWithPrevious: false, releaseDate: d('2025-01-15 00:00:00'), createdAt: d('2025-01-15 00:00:00') },
  { id: 5, moduleId: 3, version: '2.1.0', channel: 'stable', status: 'pending', builtAgainstCoreId: 2, artifactKey: 'modules/analytics.z', hash: 'f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c3', changelog: 'Performance improvements', isCompatibleWithPrevious: true, releaseDate: null, createdAt: d('2025-01-15 00:00:00') },
] as const;

/**
 * Seed rows 1–4 (module_id = release row). Versions without a row of their own (crm 1.1.0,
 * analytics 2.0.0) carry the ranges of the release they follow, marked unverified (ids 5–7).
 */
export const moduleCoreCompatibility = [
  { id: 1, versionId: 1, softwareId: 1, testedCoreId: 3, minCoreVersion: '2.0.0', maxCoreVersion: null, testedAt: d('2024-01-14 00:00:00'), isVerified: true },
  { id: 2, versionId: 1, softwareId: 1, testedCoreId: 2, minCoreVersion: '1.9.0', maxCoreVersion: '1.9.5', testedAt: d('2024-01-14 00:00:00'), isVerified: true },
  { id: 3, versionId: 3, softwareId: 1, testedCoreId: 3, minCoreVersion: '2.0.0', maxCoreVersion: null, testedAt: d('2024-06-30 00:00:00'), isVerified: true },
  { id: 4, versionId: 5, softwareId: 1, testedCoreId: 2, minCoreVersion: '1.8.0', maxCoreVersion: '1.9.5', testedAt: d('2025-01-15 00:00:00'), isVerified: false },
  { id: 5, versionId: 2, softwareId: 1, testedCoreId: 3, minCoreVersion: '2.0.0', maxCoreVersion: null, testedAt: d('2025-02-14 00:00:00'), isVerified: false },
  { id: 6, versionId: 2, softwareId: 1, testedCoreId: 2, minCoreVersion: '1.9.0', maxCoreVersion: '1.9.5', testedAt: d('2025-02-14 00:00:00'), isVerified: false },
  { id: 7, versionId: 4, softwareId: 1, testedCoreId: 2, minCoreVersion: '1.8.0', maxCoreVersion: '1.9.5', testedAt: d('2025-01-15 00:00:00'), isVerified: false },
];

/** depends_on_module_id 1 = the crm-pro listing. */
export const moduleDependencies = [
  { id: 1, versionId: 3, dependsOnModuleId: 1, dependencyType: 'functional', minVersion: '1.0.0', isRequired: true, createdAt: d('2024-06-20 00:00:00') },
  { id: 2, versionId: 5, dependsOnModuleId: 1, dependencyType: 'integration', minVersion: '1.0.0', isRequired: false, createdAt: d('2025-01-15 00:00:00') },
] as const;

export const moduleIntegrations = [
  { id: 1, versionId: 1, integratesWithModuleId: 2, integrationType: 'data_sync', description: 'CRM contacts sync to ERP', isBidirectional: true, createdAt: d('2024-07-01 00:00:00') },
  { id: 2, versionId: 5, integratesWithModuleId: 1, integrationType: 'analytics', description: 'Analytics dashboard for CRM', isBidirectional: false, createdAt: d('2025-01-15 00:00:00') },
  { id: 3, versionId: 5, integratesWithModuleId: 2, integrationType: 'reporting', description: 'ERP financial reports', isBidirectional: false, createdAt: d('2025-01-15 00:00:00') },
];

export const moduleValidations = [
  { id: 1, versionId: 1, reviewerId: 5, status: 'approved', submittedAt: d('2024-01-01 00:00:00'), reviewedAt: d('2024-01-14 16:00:00'), notes: 'Security scan passed', securityScanPassed: true, codeReviewPassed: true, performanceTested: true },
  { id: 2, versionId: 3, reviewerId: 5, status: 'approved', submittedAt: d('2024-06-20 00:00:00'), reviewedAt: d('2024-06-30 12:00:00'), notes: 'Code review OK', securityScanPassed: true, codeReviewPassed: true, performanceTested: true },
  { id: 3, versionId: 5, reviewerId: null, status: 'pending', submittedAt: d('2025-01-15 00:00:00'), reviewedAt: null, notes: 'Awaiting review', securityScanPassed: null, codeReviewPassed: null, performanceTested: null },
  { id: 4, versionId: 2, reviewerId: 5, status: 'approved', submittedAt: d('2025-02-01 00:00:00'), reviewedAt: d('2025-02-14 10:00:00'), notes: 'Version 1.1.0 approved', securityScanPassed: true, codeReviewPassed: true, performanceTested: true },
] as const;

const eula = (name: string, v: string) =>
  `# ${name} — End User License Agreement ${v}\n\n1. The licence is granted to the purchasing organisation for the term of the plan.\n2. The module may be installed on the organisation's own instances within the plan's limits.\n3. Redistribution, resale and reverse engineering are not permitted.\n4. Support and updates are provided as described in the pricing plan.`;

export const moduleContracts = [
  { id: 1, moduleId: 1, version: '1.0', contractType: 'eula', termsUrl: 'https://cdn.wk/contracts/crm-eula-1', body: eula('CRM Pro', '1.0'), effectiveFrom: d('2024-01-15 00:00:00'), isActive: true },
  { id: 2, moduleId: 2, version: '1.0', contractType: 'custom', termsUrl: 'https://cdn.wk/contracts/erp-cust-1', body: '# Custom ERP — Custom development agreement 1.0\n\nDevelopment is billed per day at the plan rate. Deliverables, acceptance and warranty are agreed in a statement of work.', effectiveFrom: d('2024-07-01 00:00:00'), isActive: true },
  { id: 3, moduleId: 1, version: '1.1', contractType: 'eula', termsUrl: 'https://cdn.wk/contracts/crm-eula-2', body: eula('CRM Pro', '1.1'), effectiveFrom: d('2025-02-15 00:00:00'), isActive: true },
] as const;

/** Seed 004 (ratings and reviews): demo additions so the rating sort has data. */
export const moduleReviews = [
  { id: 1, moduleId: 1, orgId: 101, userId: 42, rating: 5, title: 'Our sales team lives in it', body: 'Fast, reliable, and the 1.1 export saved us hours.', createdAt: d('2025-03-01 00:00:00') },
  { id: 2, moduleId: 1, orgId: 102, userId: 43, rating: 4, title: 'Solid CRM', body: 'Does what it says. Would like more pipeline views.', createdAt: d('2025-03-05 00:00:00') },
  { id: 3, moduleId: 2, orgId: 102, userId: 43, rating: 4, title: 'Tailored to us', body: 'DevShop adapted the ERP to our purchasing flow.', createdAt: d('2025-03-10 00:00:00') },
] as const;

/** Section 5. */
export const pricingPlans = [
  { id: 1, moduleId: 1, planType: 'subscription', name: 'Monthly', priceAmount: '49.00', priceCurrency: 'USD', billingCycle: 'monthly', customRatePerDay: null, isActive: true, features: { support: 'email', updates: true }, maxUsers: null, maxInstances: null, sortOrder: 1 },
  { id: 2, moduleId: 1, planType: 'subscription', name: 'Annual', priceAmount: '490.00', priceCurrency: 'USD', billingCycle: 'yearly', customRatePerDay: null, isActive: true, features: { support: 'priority', updates: true }, maxUsers: null, maxInstances: null, sortOrder: 2 },
  { id: 3, moduleId: 1, planType: 'perpetual', name: 'Lifetime', priceAmount: '999.00', priceCurrency: 'USD', billingCycle: 'once', customRatePerDay: null, isActive: true, features: { support: 'lifetime', updates: true }, maxUsers: null, maxInstances: null, sortOrder: 3 },
  { id: 4, moduleId: 2, planType: 'custom', name: 'Custom Dev', priceAmount: null, priceCurrency: 'USD', billingCycle: 'custom', customRatePerDay: '450.00', isActive: true, features: { support: 'dedicated', custom_dev: true }, maxUsers: null, maxInstances: null, sortOrder: 1 },
  { id: 5, moduleId: 3, planType: 'freemium', name: 'Free Tier', priceAmount: '0.00', priceCurrency: 'USD', billingCycle: 'monthly', customRatePerDay: null, isActive: true, features: { support: 'community', limited_features: 1 }, maxUsers: 5, maxInstances: 1, sortOrder: 1 },
  { id: 6, moduleId: 3, planType: 'subscription', name: 'Pro Tier', priceAmount: '99.00', priceCurrency: 'USD', billingCycle: 'monthly', customRatePerDay: null, isActive: true, features: { support: 'email', full_features: true }, maxUsers: null, maxInstances: null, sortOrder: 2 },
] as const;

export const taxRules = [
  { id: 1, countryCode: 'US', region: 'CA', taxName: 'Sales Tax', taxRate: '0.0725', isActive: true, effectiveFrom: d('2024-01-01 00:00:00'), effectiveTo: null },
  { id: 2, countryCode: 'FR', region: null, taxName: 'VAT', taxRate: '0.2000', isActive: true, effectiveFrom: d('2024-01-01 00:00:00'), effectiveTo: null },
  { id: 3, countryCode: 'GB', region: null, taxName: 'VAT', taxRate: '0.2000', isActive: true, effectiveFrom: d('2024-01-01 00:00:00'), effectiveTo: null },
  { id: 4, countryCode: 'DE', region: null, taxName: 'VAT', taxRate: '0.1900', isActive: true, effectiveFrom: d('2024-01-01 00:00:00'), effectiveTo: null },
];

export const coupons = [
  { id: 1, code: 'LAUNCH50', discountType: 'percentage', discountValue: '50.00', appliesToModuleId: null, appliesToPlanId: null, minPurchaseAmount: null, maxUses: 100, timesUsed: 23, validFrom: d('2024-01-01 00:00:00'), validUntil: d('2024-03-31 23:59:59'), isActive: false },
  { id: 2, code: 'ANNUAL20', discountType: 'percentage', discountValue: '20.00', appliesToModuleId: null, appliesToPlanId: 2, minPurchaseAmount: null, maxUses: null, timesUsed: 45, validFrom: d('2024-01-01 00:00:00'), validUntil: null, isActive: true },
  { id: 3, code: 'CUSTOM100', discountType: 'fixed', discountValue: '100.00', appliesToModuleId: 2, appliesToPlanId: null, minPurchaseAmount: '1000.00', maxUses: 10, timesUsed: 3, validFrom: d('2024-06-01 00:00:00'), validUntil: d('2024-12-31 23:59:59'), isActive: true },
] as const;

/**
 * Section 6. `purchase_amount` is the subtotal; total = subtotal − discount + tax. Both orgs are
 * reverse-charged (valid EU tax id, platform outside the EU), hence tax 0.00 as in the seed.
 * Purchase 3's status `active` is not a purchase status: it maps to `completed`.
 */
export const purchases = [
  { id: 1, moduleId: 1, vendorId: 1, pricingPlanId: 2, orgId: 101, purchasedById: 42, subtotalAmount: '490.00', taxAmount: '0.00', discountAmount: '0.00', totalAmount: '490.00', commissionRate: '0.0000', commissionAmount: '0.00', vendorAmount: '490.00', reverseCharge: true, customDays: null, purchasedAt: d('2025-01-01 00:00:00'), status: 'completed', couponId: null, paymentMethodId: 'pm_123abc' },
  { id: 2, moduleId: 2, vendorId: 2, pricingPlanId: 4, orgId: 102, purchasedById: 43, subtotalAmount: '4500.00', taxAmount: '0.00', discountAmount: '100.00', totalAmount: '4400.00', commissionRate: '0.3000', commissionAmount: '1350.00', vendorAmount: '3150.00', reverseCharge: true, customDays: 10, purchasedAt: d('2025-02-01 00:00:00'), status: 'completed', couponId: 3, paymentMethodId: 'pm_456def' },
  { id: 3, moduleId: 1, vendorId: 1, pricingPlanId: 1, orgId: 102, purchasedById: 43, subtotalAmount: '49.00', taxAmount: '0.00', discountAmount: '0.00', totalAmount: '49.00', commissionRate: '0.0000', commissionAmount: '0.00', vendorAmount: '49.00', reverseCharge: true, customDays: null, purchasedAt: d('2025-02-15 00:00:00'), status: 'completed', couponId: null, paymentMethodId: 'pm_456def' },
] as const;

/** License 4 repeats license 1's key for the previous period: it becomes license 1's first period. */
export const licenses = [
  { id: 1, purchaseId: 1, moduleId: 1, pricingPlanId: 2, orgId: 101, licenseKey: 'MODLIC-CRM-101-ABC123', startsAt: d('2025-01-01 00:00:00'), expiresAt: d('2026-01-01 00:00:00'), status: 'active', autoRenew: true, paymentMethodId: 'pm_123abc', createdAt: d('2024-01-01 00:00:00') },
  { id: 2, purchaseId: 2, moduleId: 2, pricingPlanId: 4, orgId: 102, licenseKey: 'MODLIC-ERP-102-XYZ789', startsAt: d('2025-02-01 00:00:00'), expiresAt: null, status: 'active', autoRenew: false, paymentMethodId: 'pm_456def', createdAt: d('2025-02-01 00:00:00') },
  { id: 3, purchaseId: 3, moduleId: 1, pricingPlanId: 1, orgId: 102, licenseKey: 'MODLIC-CRM-102-DEF456', startsAt: d('2025-02-15 00:00:00'), expiresAt: d('2025-03-15 00:00:00'), status: 'active', autoRenew: true, paymentMethodId: 'pm_456def', createdAt: d('2025-02-15 00:00:00') },
] as const;

export const licensePeriods = [
  { id: 1, licenseId: 1, startsAt: d('2024-01-01 00:00:00'), expiresAt: d('2025-01-01 00:00:00'), purchaseId: 1, renewalId: null },
  { id: 2, licenseId: 1, startsAt: d('2025-01-01 00:00:00'), expiresAt: d('2026-01-01 00:00:00'), purchaseId: 1, renewalId: 1 },
  { id: 3, licenseId: 2, startsAt: d('2025-02-01 00:00:00'), expiresAt: null, purchaseId: 2, renewalId: null },
  { id: 4, licenseId: 3, startsAt: d('2025-02-15 00:00:00'), expiresAt: d('2025-03-15 00:00:00'), purchaseId: 3, renewalId: 2 },
];

export const contractAcceptances = [
  { id: 1, licenseId: 1, contractId: 1, acceptedById: 42, acceptedAt: d('2025-01-01 00:00:00'), ipAddress: '203.0.113.45', userAgent: null },
  { id: 2, licenseId: 2, contractId: 2, acceptedById: 43, acceptedAt: d('2025-02-01 00:00:00'), ipAddress: '198.51.100.23', userAgent: null },
  { id: 3, licenseId: 3, contractId: 1, acceptedById: 43, acceptedAt: d('2025-02-15 00:00:00'), ipAddress: '198.51.100.23', userAgent: null },
];

/** Row 1 concerned license 4, i.e. license 1's previous period. */
export const licenseStatusHistory = [
  { id: 1, licenseId: 1, oldStatus: 'active', newStatus: 'expired', changedById: null, reason: 'Automatic expiration (previous period)', changedAt: d('2025-01-01 00:00:00') },
  { id: 2, licenseId: 1, oldStatus: 'pending', newStatus: 'active', changedById: 42, reason: 'Payment confirmed', changedAt: d('2025-01-01 00:00:00') },
  { id: 3, licenseId: 2, oldStatus: 'active', newStatus: 'suspended', changedById: 5, reason: 'Payment failed', changedAt: d('2025-03-15 00:00:00') },
  { id: 4, licenseId: 2, oldStatus: 'suspended', newStatus: 'active', changedById: 43, reason: 'Payment resolved', changedAt: d('2025-03-16 00:00:00') },
] as const;

/** The seed's payment method ids, as stored sandbox cards of each org. */
export const paymentMethods = [
  { id: 'pm_123abc', orgId: 101, provider: 'sandbox', label: 'Visa ending 4242', brand: 'visa', last4: '4242' },
  { id: 'pm_456def', orgId: 102, provider: 'sandbox', label: 'Mastercard ending 4444', brand: 'mastercard', last4: '4444' },
];

/** Section 7. */
export const instances = [
  { id: 1, orgId: 101, name: 'Acme Production', environment: 'production', domain: 'app.acme.com', coreId: 3, isActive: true, createdAt: d('2025-01-01 00:00:00') },
  { id: 2, orgId: 101, name: 'Acme Staging', environment: 'staging', domain: 'staging.acme.com', coreId: 3, isActive: true, createdAt: d('2025-01-01 00:00:00') },
  { id: 3, orgId: 102, name: 'TechStart Main', environment: 'production', domain: 'app.techstart.com', coreId: 2, isActive: true, createdAt: d('2025-02-01 00:00:00') },
] as const;

/**
 * The activated hash is kept as reported. Instance modules 1 and 2 were later updated to 1.1.0
 * (update rows 1–2 succeeded), so they run version 2; module 4's update is still in progress.
 */
export const instanceModules = [
  { id: 1, instanceId: 1, licenseId: 1, moduleId: 1, moduleVersionId: 2, moduleHash: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1', activatedAt: d('2025-01-01 10:00:00'), isActive: true, activatedById: 42 },
  { id: 2, instanceId: 2, licenseId: 1, moduleId: 1, moduleVersionId: 2, moduleHash: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1', activatedAt: d('2025-01-02 09:00:00'), isActive: true, activatedById: 44 },
  { id: 3, instanceId: 3, licenseId: 2, moduleId: 2, moduleVersionId: 3, moduleHash: 'e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b2', activatedAt: d('2025-02-01 11:00:00'), isActive: true, activatedById: 43 },
  { id: 4, instanceId: 3, licenseId: 3, moduleId: 1, moduleVersionId: 1, moduleHash: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1', activatedAt: d('2025-02-15 14:00:00'), isActive: true, activatedById: 43 },
];

export const activationLogs = [
  { id: 1, instanceId: 1, instanceModuleId: 1, moduleId: 1, moduleVersionId: 1, licenseId: 1, eventType: 'activation', status: 'success', errorCode: null, errorMessage: null, performedById: 42, performedAt: d('2025-01-01 10:00:00'), metadata: { ip: '203.0.113.45' } },
  { id: 2, instanceId: 2, instanceModuleId: 2, moduleId: 1, moduleVersionId: 1, licenseId: 1, eventType: 'activation', status: 'success', errorCode: null, errorMessage: null, performedById: 44, performedAt: d('2025-01-02 09:00:00'), metadata: { ip: '203.0.113.46' } },
  { id: 3, instanceId: 3, instanceModuleId: 3, moduleId: 2, moduleVersionId: 3, licenseId: 2, eventType: 'activation', status: 'failed', errorCode: 'HASH_MISMATCH', errorMessage: 'Hash mismatch', performedById: 43, performedAt: d('2025-02-01 10:55:00'), metadata: { expected: 'abc', got: 'xyz' } },
  { id: 4, instanceId: 3, instanceModuleId: 3, moduleId: 2, moduleVersionId: 3, licenseId: 2, eventType: 'activation', status: 'success', errorCode: null, errorMessage: null, performedById: 43, performedAt: d('2025-02-01 11:00:00'), metadata: { retry: 1 } },
] as const;

/** Section 8. */
export const subscriptionRenewals = [
  { id: 1, licenseId: 1, renewedAt: d('2025-01-01 00:00:00'), periodStart: d('2025-01-01 00:00:00'), periodEnd: d('2026-01-01 00:00:00'), amount: '490.00', taxAmount: '0.00', totalAmount: '490.00', nextBillingDate: d('2026-01-01 00:00:00'), status: 'active', paymentMethodId: 'pm_123abc' },
  { id: 2, licenseId: 3, renewedAt: d('2025-02-15 00:00:00'), periodStart: d('2025-02-15 00:00:00'), periodEnd: d('2025-03-15 00:00:00'), amount: '49.00', taxAmount: '0.00', totalAmount: '49.00', nextBillingDate: d('2025-03-15 00:00:00'), status: 'active', paymentMethodId: 'pm_456def' },
  { id: 3, licenseId: 3, renewedAt: d('2025-03-15 00:00:00'), periodStart: d('2025-03-15 00:00:00'), periodEnd: d('2025-04-15 00:00:00'), amount: '49.00', taxAmount: '0.00', totalAmount: '49.00', nextBillingDate: d('2025-04-15 00:00:00'), status: 'pending', paymentMethodId: 'pm_456def' },
] as const;

/** Section 9. */
export const vendorPayouts = [
  { id: 1, vendorId: 1, periodStart: d('2025-01-01 00:00:00'), periodEnd: d('2025-01-31 23:59:59'), totalSales: '539.00', commissionAmount: '0.00', payoutAmount: '539.00', salesCount: 2, status: 'paid', paidAt: d('2025-02-05 00:00:00'), paymentReference: 'PAY-2025-01-WKL', paidById: 5 },
  { id: 2, vendorId: 2, periodStart: d('2025-02-01 00:00:00'), periodEnd: d('2025-02-28 23:59:59'), totalSales: '4500.00', commissionAmount: '1350.00', payoutAmount: '3150.00', salesCount: 1, status: 'pending', paidAt: null, paymentReference: null, paidById: null },
] as const;

/** Section 10. Flow 2 (analytics_20_to_21, to NULL) is the 2.0.0 → 2.1.0 flow, not yet approved. */
export const updateFlows = [
  { id: 1, fromVersionId: 1, toVersionId: 2, updateType: 'minor', migrationScriptPath: 'migrations/crm_100_to_110.php', rollbackScriptPath: 'rollbacks/crm_110_to_100.php', isBreaking: false, requiresDowntime: false, estimatedDurationMinutes: 5, testedAt: d('2025-02-10 00:00:00'), approvedAt: d('2025-02-14 00:00:00') },
  { id: 2, fromVersionId: 4, toVersionId: 5, updateType: 'major', migrationScriptPath: 'migrations/analytics_20_to_21.php', rollbackScriptPath: 'rollbacks/analytics_21_to_20.php', isBreaking: true, requiresDowntime: true, estimatedDurationMinutes: 30, testedAt: d('2025-01-12 00:00:00'), approvedAt: null },
] as const;

export const instanceModuleUpdates = [
  { id: 1, instanceModuleId: 1, updateFlowId: 1, fromVersionId: 1, toVersionId: 2, startedAt: d('2025-02-20 10:00:00'), completedAt: d('2025-02-20 10:05:23'), status: 'success', errorMessage: null, performedById: 42 },
  { id: 2, instanceModuleId: 2, updateFlowId: 1, fromVersionId: 1, toVersionId: 2, startedAt: d('2025-02-21 09:00:00'), completedAt: d('2025-02-21 09:04:56'), status: 'success', errorMessage: null, performedById: 44 },
  { id: 3, instanceModuleId: 4, updateFlowId: 1, fromVersionId: 1, toVersionId: 2, startedAt: d('2025-02-22 14:00:00'), completedAt: null, status: 'in_progress', errorMessage: null, performedById: 43 },
] as const;

/** Section 11. Version and core are those the instance ran on that day. */
export const usageMetrics = [
  { id: 1, instanceModuleId: 1, moduleVersionId: 1, coreVersion: '2.0.0', metricDate: d('2025-01-01 00:00:00'), activeUsers: 23, apiCalls: 1547, errors: 2, avgResponseTimeMs: 145, totalDataProcessedMb: '234.50' },
  { id: 2, instanceModuleId: 1, moduleVersionId: 1, coreVersion: '2.0.0', metricDate: d('2025-01-02 00:00:00'), activeUsers: 25, apiCalls: 1689, errors: 0, avgResponseTimeMs: 132, totalDataProcessedMb: '267.80' },
  { id: 3, instanceModuleId: 2, moduleVersionId: 1, coreVersion: '2.0.0', metricDate: d('2025-01-02 00:00:00'), activeUsers: 3, apiCalls: 234, errors: 1, avgResponseTimeMs: 98, totalDataProcessedMb: '45.20' },
  { id: 4, instanceModuleId: 3, moduleVersionId: 3, coreVersion: '1.9.5', metricDate: d('2025-02-01 00:00:00'), activeUsers: 12, apiCalls: 876, errors: 5, avgResponseTimeMs: 210, totalDataProcessedMb: '156.70' },
];

export const errorLogs = [
  { id: 1, instanceModuleId: 1, moduleVersionId: 1, coreVersion: '2.0.0', errorType: 'database', errorMessage: 'Connection timeout', stackTrace: '[stack trace data]', occurredAt: d('2025-01-01 14:23:45'), userId: 44, resolved: true },
  { id: 2, instanceModuleId: 3, moduleVersionId: 3, coreVersion: '1.9.5', errorType: 'validation', errorMessage: 'Invalid input format', stackTrace: '[stack trace data]', occurredAt: d('2025-02-01 09:12:33'), userId: 43, resolved: true },
  { id: 3, instanceModuleId: 3, moduleVersionId: 3, coreVersion: '1.9.5', errorType: 'activation', errorMessage: 'Hash verification failed', stackTrace: '[stack trace data]', occurredAt: d('2025-02-01 10:55:12'), userId: 43, resolved: true },
];

/** Section 12. Row 3's entity "module 4" is the crm-pro 1.1.0 release (version 2); row 4's "module 3" is analytics 2.1.0 (version 5). */
export const notifications = [
  { id: 1, recipientType: 'user', recipientUserId: 42, recipientOrgId: null, type: 'license_expiring', title: 'License expiring soon', message: 'Your CRM Pro license expires in 30 days', relatedEntityType: 'license', relatedEntityId: 1, isRead: true, sentAt: d('2024-12-02 00:00:00'), readAt: d('2024-12-02 08:15:00') },
  { id: 2, recipientType: 'user', recipientUserId: 43, recipientOrgId: null, type: 'renewal_successful', title: 'Subscription renewed', message: 'Your monthly subscription has been renewed', relatedEntityType: 'license', relatedEntityId: 3, isRead: false, sentAt: d('2025-03-15 00:00:00'), readAt: null },
  { id: 3, recipientType: 'organization', recipientUserId: null, recipientOrgId: 102, type: 'module_update', title: 'New module version available', message: 'CRM Pro v1.1.0 is now available', relatedEntityType: 'module_version', relatedEntityId: 2, isRead: false, sentAt: d('2025-02-15 00:00:00'), readAt: null },
  { id: 4, recipientType: 'user', recipientUserId: 42, recipientOrgId: null, type: 'validation_required', title: 'Module pending approval', message: 'Your Analytics Pro module awaits review', relatedEntityType: 'module_version', relatedEntityId: 5, isRead: false, sentAt: d('2025-01-15 00:00:00'), readAt: null },
] as const;

export const notificationPreferences = [
  { id: 1, userId: 42, notificationType: 'license_expiring', emailEnabled: true, inAppEnabled: true, smsEnabled: false },
  { id: 2, userId: 42, notificationType: 'renewal_successful', emailEnabled: true, inAppEnabled: true, smsEnabled: false },
  { id: 3, userId: 42, notificationType: 'module_update', emailEnabled: false, inAppEnabled: true, smsEnabled: false },
  { id: 4, userId: 43, notificationType: 'license_expiring', emailEnabled: true, inAppEnabled: true, smsEnabled: true },
  { id: 5, userId: 43, notificationType: 'renewal_successful', emailEnabled: true, inAppEnabled: true, smsEnabled: false },
] as const;

/** Section 13. */
export const auditLogs = [
  { id: 1, userId: 42, orgId: 101, actionType: 'create', entityType: 'purchase', entityId: '1', oldValue: null, newValue: { amount: 490 }, ipAddress: '203.0.113.45', userAgent: 'Mozilla/5.0...', performedAt: d('2025-01-01 00:00:00') },
  { id: 2, userId: 44, orgId: 101, actionType: 'activate', entityType: 'instance', entityId: '2', oldValue: null, newValue: { module_id: 1 }, ipAddress: '203.0.113.46', userAgent: 'Mozilla/5.0...', performedAt: d('2025-01-02 09:00:00') },
  { id: 3, userId: 5, orgId: null, actionType: 'update', entityType: 'module', entityId: '1', oldValue: { status: 'pending' }, newValue: { status: 'approved' }, ipAddress: '10.0.1.5', userAgent: 'Internal/Admin', performedAt: d('2024-01-14 16:00:00') },
  { id: 4, userId: 43, orgId: 102, actionType: 'deactivate', entityType: 'license', entityId: '2', oldValue: { status: 'active' }, newValue: { status: 'suspended' }, ipAddress: '198.51.100.23', userAgent: 'Mozilla/5.0...', performedAt: d('2025-03-15 00:00:00') },
  { id: 5, userId: 5, orgId: null, actionType: 'delete', entityType: 'coupon', entityId: '1', oldValue: { code: 'LAUNCH50' }, newValue: null, ipAddress: '10.0.1.5', userAgent: 'Internal/Admin', performedAt: d('2024-04-01 00:00:00') },
];
