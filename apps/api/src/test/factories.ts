/**
 * Test factories: the rows a test needs, written with Prisma into the test's own database (never mocks), so a
 * test does not depend on the demo data's counts and order, nor on rows other tests change. Each row gets unique
 * names, slugs, e-mails and keys. Call them as `t.gql(…, { as: member.email })`: the harness signs the member in
 * (a session like a real sign-in) on first use. docs/CONVENTIONS.md ("Tests") says when to use the seed instead.
 */
import { randomBytes } from 'node:crypto';
import type {
  BillingCycle,
  LicenseStatus,
  ModuleStatus,
  OrgRole,
  Permission,
  PlanType,
  PlatformRole,
  PrismaClient,
  VersionStatus,
} from '@wk/db';

let seq = 0;
/** A short upper-case token unique within the test run (time, a counter, randomness). */
export const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

// ───────────────────────────────────────────── people and organizations

/** A user with a verified e-mail (`<name>-<uniq>@factory.test`); platform role `user` unless told. */
export async function makeUser(prisma: PrismaClient, opts: { name?: string; platformRole?: PlatformRole; verified?: boolean } = {}) {
  const name = opts.name ?? 'Factory User';
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${uniq().toLowerCase()}@factory.test`;
  return prisma.user.create({
    data: {
      name,
      email,
      passwordHash: 'factory-no-password',
      platformRole: opts.platformRole ?? 'user',
      emailVerifiedAt: opts.verified === false ? null : new Date('2025-01-01T00:00:00Z'),
    },
  });
}

/** An organization with no members (billed from the US without a tax id unless told). */
export async function makeOrg(prisma: PrismaClient, opts: { name?: string; billingCountry?: string; taxId?: string | null } = {}) {
  const n = uniq();
  return prisma.organization.create({
    data: {
      name: opts.name ?? `Factory Org ${n}`,
      slug: `factory-org-${n.toLowerCase()}`,
      billingCountry: opts.billingCountry ?? 'US',
      taxId: opts.taxId ?? null,
    },
  });
}

/** A new user who is a member of `orgId` with `role` (and the role's default permissions unless `permissions`). */
export async function makeMember(
  prisma: PrismaClient,
  orgId: number,
  role: OrgRole,
  opts: { permissions?: Permission[]; name?: string } = {},
) {
  const user = await makeUser(prisma, { name: opts.name ?? `Factory ${role}` });
  const membership = await prisma.membership.create({ data: { orgId, userId: user.id, role, permissions: opts.permissions ?? [] } });
  return { user, email: user.email, membership };
}

/** A fresh organization with one member of `role` (admin unless told); `email` signs in as that member. */
export async function makeOrgWithMember(
  prisma: PrismaClient,
  role: OrgRole = 'admin',
  opts: { permissions?: Permission[]; billingCountry?: string; taxId?: string | null; name?: string } = {},
) {
  const org = await makeOrg(prisma, opts);
  const member = await makeMember(prisma, org.id, role, { permissions: opts.permissions });
  return { org, ...member };
}

/** A vendor run by a new user (its owner: `email` signs in as them); not official, commission 30 %. */
export async function makeVendor(prisma: PrismaClient, opts: { name?: string; isOfficial?: boolean; orgId?: number | null } = {}) {
  const n = uniq();
  const user = await makeUser(prisma, { name: 'Factory Vendor Owner' });
  const vendor = await prisma.vendor.create({
    data: {
      name: opts.name ?? `Factory Vendor ${n}`,
      slug: `factory-vendor-${n.toLowerCase()}`,
      userId: user.id,
      orgId: opts.orgId ?? null,
      isOfficial: opts.isOfficial ?? false,
      isVerified: true,
    },
  });
  return { vendor, user, email: user.email };
}

// ───────────────────────────────────────────── modules, plans, licenses, instances

export interface VersionSpec {
  version: string;
  status?: VersionStatus;
  deprecatedAt?: Date | null;
  compat?: { min: string; max?: string | null; softwareId?: number }[];
  releaseDate?: Date;
}

export interface PlanSpec {
  planType: PlanType;
  billingCycle: BillingCycle;
  price?: string | null;
  rate?: string | null;
  isActive?: boolean;
  currency?: string;
}

export interface ModuleSpec {
  name?: string;
  slug?: string;
  vendorId?: number;
  status?: ModuleStatus;
  category?: string;
  type?: 'ready_made' | 'custom';
  description?: string;
  shortDescription?: string;
  publishedAt?: Date;
  ratingAverage?: string | null;
  ratingCount?: number;
  versions?: VersionSpec[];
  plans?: PlanSpec[];
}

/**
 * A module (published, one stable 1.0.0 compatible with Webkernel 2.0.0+ and a $10/month plan unless told
 * otherwise), with its versions, compatibility ranges and plans. Vendor: the seed's vendor 3 unless `vendorId`.
 */
export async function makeModule(prisma: PrismaClient, spec: ModuleSpec = {}) {
  const n = uniq().toLowerCase();
  const mod = await prisma.module.create({
    data: {
      vendorId: spec.vendorId ?? 3,
      slug: spec.slug ?? `factory-${n}`,
      name: spec.name ?? `Factory Module ${n}`,
      status: spec.status ?? 'published',
      category: spec.category ?? 'factory',
      type: spec.type ?? 'ready_made',
      description: spec.description ?? 'A module made by a test factory.',
      shortDescription: spec.shortDescription ?? 'Factory module.',
      publishedAt: spec.publishedAt ?? new Date('2025-06-01T00:00:00Z'),
      ratingAverage: spec.ratingAverage ?? null,
      ratingCount: spec.ratingCount ?? 0,
    },
  });
  const versions = spec.versions ?? [{ version: '1.0.0', status: 'stable', compat: [{ min: '2.0.0' }] }];
  const created = [];
  for (const v of versions) {
    const status = v.status ?? 'stable';
    const row = await prisma.moduleVersion.create({
      data: {
        moduleId: mod.id,
        version: v.version,
        status,
        channel: status === 'beta' ? 'beta' : 'stable',
        changelog: `Release ${v.version}`,
        releaseDate: v.releaseDate ?? new Date('2025-06-01T00:00:00Z'),
        deprecatedAt: v.deprecatedAt ?? null,
      },
    });
    for (const c of v.compat ?? []) {
      await prisma.moduleCoreCompatibility.create({
        data: { versionId: row.id, softwareId: c.softwareId ?? 1, minCoreVersion: c.min, maxCoreVersion: c.max ?? null },
      });
    }
    created.push(row);
  }
  const plans = spec.plans ?? [{ planType: 'subscription', billingCycle: 'monthly', price: '10.00' }];
  let order = 0;
  const createdPlans = [];
  for (const p of plans) {
    const plan = await prisma.pricingPlan.create({
      data: {
        moduleId: mod.id,
        planType: p.planType,
        name: `${p.planType} ${p.billingCycle}`,
        billingCycle: p.billingCycle,
        priceAmount: p.price ?? null,
        customRatePerDay: p.rate ?? null,
        priceCurrency: p.currency ?? 'USD',
        isActive: p.isActive ?? true,
        sortOrder: (order += 1),
      },
    });
    createdPlans.push(plan);
  }
  return { module: mod, versions: created, plans: createdPlans };
}

export async function makePlan(prisma: PrismaClient, moduleId: number, opts: { maxInstances?: number | null; name?: string } = {}) {
  return prisma.pricingPlan.create({
    data: {
      moduleId,
      planType: 'subscription',
      name: opts.name ?? `Test plan ${uniq()}`,
      priceAmount: '10.00',
      billingCycle: 'monthly',
      maxInstances: opts.maxInstances ?? null,
      features: { support: 'email', seats: 3 },
      maxUsers: 3,
    },
  });
}

export async function makeLicense(
  prisma: PrismaClient,
  opts: {
    orgId: number;
    moduleId: number;
    planId?: number | null;
    status?: LicenseStatus;
    expiresAt?: Date | null;
    startsAt?: Date;
    autoRenew?: boolean;
  },
) {
  return prisma.license.create({
    data: {
      orgId: opts.orgId,
      moduleId: opts.moduleId,
      pricingPlanId: opts.planId ?? null,
      licenseKey: `MODLIC-TEST-${opts.orgId}-${uniq()}`,
      startsAt: opts.startsAt ?? new Date('2025-01-01T00:00:00Z'),
      expiresAt: opts.expiresAt === undefined ? null : opts.expiresAt,
      status: opts.status ?? 'active',
      autoRenew: opts.autoRenew ?? false,
    },
  });
}

export async function makeInstance(
  prisma: PrismaClient,
  opts: { orgId: number; coreId: number; name?: string; environment?: 'production' | 'staging' | 'development' },
) {
  return prisma.instance.create({
    data: {
      orgId: opts.orgId,
      coreId: opts.coreId,
      name: opts.name ?? `Test instance ${uniq()}`,
      environment: opts.environment ?? 'development',
    },
  });
}

/** Activates a module directly in the database (a fixture, not the feature under test). */
export async function makeActivation(
  prisma: PrismaClient,
  opts: { instanceId: number; licenseId: number; moduleId: number; moduleVersionId: number; hash?: string },
) {
  return prisma.instanceModule.create({
    data: {
      instanceId: opts.instanceId,
      licenseId: opts.licenseId,
      moduleId: opts.moduleId,
      moduleVersionId: opts.moduleVersionId,
      moduleHash: opts.hash ?? 'fixture',
    },
  });
}

export async function makeVersion(
  prisma: PrismaClient,
  opts: {
    moduleId: number;
    version: string;
    status?: 'pending' | 'beta' | 'stable' | 'rejected';
    hash?: string | null;
    compat?: { min: string; max?: string | null }[];
    isCompatibleWithPrevious?: boolean;
    artifactKey?: string | null;
    /** Permission codes the version declares (none by default). */
    permissions?: string[];
  },
) {
  return prisma.moduleVersion.create({
    data: {
      moduleId: opts.moduleId,
      version: opts.version,
      status: opts.status ?? 'stable',
      channel: opts.status === 'beta' ? 'beta' : 'stable',
      hash: opts.hash === undefined ? randomBytes(32).toString('hex') : opts.hash,
      isCompatibleWithPrevious: opts.isCompatibleWithPrevious ?? true,
      artifactKey: opts.artifactKey ?? null,
      permissions: opts.permissions ?? [],
      releaseDate: new Date('2025-03-01T00:00:00Z'),
      compatibility: {
        create: (opts.compat ?? [{ min: '2.0.0' }]).map((c) => ({ softwareId: 1, minCoreVersion: c.min, maxCoreVersion: c.max ?? null })),
      },
    },
  });
}

/**
 * A fresh organization whose admin (`email`) holds an active, auto-renewing license of a fresh module
 * (published, an approved 1.0.0 for Webkernel 2.0.0+, a $10/month plan), bought nowhere: no purchase, no receipt.
 */
export async function makeLicensedOrg(prisma: PrismaClient, opts: { role?: OrgRole; billingCountry?: string } = {}) {
  const owner = await makeOrgWithMember(prisma, opts.role ?? 'admin', { billingCountry: opts.billingCountry });
  const { module, versions, plans } = await makeModule(prisma);
  const license = await makeLicense(prisma, { orgId: owner.org.id, moduleId: module.id, planId: plans[0]!.id, autoRenew: true });
  return { ...owner, module, version: versions[0]!, plan: plans[0]!, license };
}
