/**
 * Test factories of the instances domain: rows made inside each test (licenses, plans, instances,
 * versions), so tests never depend on one another.
 */
import { randomBytes } from 'node:crypto';
import type { LicenseStatus, PrismaClient } from '@wk/db';

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

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
  opts: { orgId: number; moduleId: number; planId?: number | null; status?: LicenseStatus; expiresAt?: Date | null; startsAt?: Date },
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

export const SEED = {
  acme: 101,
  techstart: 102,
  cores: { origin101: 1, origin195: 2, horizon200: 3 },
  modules: { crm: 1, erp: 2, analytics: 3 },
  versions: { crm100: 1, crm110: 2, erp100: 3, analytics200: 4, analytics210: 5, analytics201: 6 },
  licenses: { acmeCrm: 1, techstartErp: 2, techstartCrm: 3 },
  instances: { acmeProd: 1, acmeStaging: 2, techstartMain: 3 },
  /** sha256 of the demo releases' artifacts, built at seed time (demo-install.test.ts proves they match). */
  hashes: {
    crm100: '01e80fecd73dc9efe7bdd29cd6af0d91ec7964f464653a78c841ad4b7ab7eac9',
    crm110: 'd15ceb29f5d5d58fb142ba06ec86ea5a84ffadb20deddb6da8be22044b55ed97',
    erp100: 'd386d0443220cab73bdd0f491e2368e0e4f1fb1605f20447d6e1e8a1622e82ba',
    analytics200: '370da56eb900afedc5bc2f7b9436d7bce50fe33377e859e692d0aaa1d4f0bde4',
    analytics210: '454a353eb82bcf4f1d2d48b4d240764b87ab687e258c500c2b2685cabaa0c929',
    analytics201: '930478f97101a350b589c231459cb700ece159556a81d679f23dbc6e9baa240d',
  },
  /** What the demo releases ask for (consented to at activation by an org admin). */
  permissions: {
    crm: ['contacts.read', 'contacts.write'],
    erp100: ['contacts.read', 'inventory.manage', 'invoices.manage'],
    analytics200: ['contacts.read', 'reports.read'],
    analytics201: ['contacts.read', 'reports.read', 'http.outbound'],
  },
  /** The seed's 32-hex hashes, kept as history (imported_hash, and what seed instances reported). */
  importedHashes: {
    crm100: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1',
    crm110: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d1',
    erp100: 'e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b2',
  },
} as const;
