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
  versions: { crm100: 1, crm110: 2, erp100: 3, analytics200: 4, analytics210: 5 },
  licenses: { acmeCrm: 1, techstartErp: 2, techstartCrm: 3 },
  instances: { acmeProd: 1, acmeStaging: 2, techstartMain: 3 },
  /** sha256 of the demo releases' artifacts, built at seed time (demo-install.test.ts proves they match). */
  hashes: {
    crm100: '816519c5cd1e422e0e935980ab33336b1245e6c529c5260a30fc6f821c440df5',
    crm110: '53417ce068f39633e5561abbd202722e1dee6d322bbc532f36fe6211aa72898d',
    erp100: '2e430a4b80952ac10ff0209a5775c75f25e157192c031acc661e823714a8af28',
    analytics200: '466e03f4a435b0394a59c62d9664eb5a294d7da03640b63fbfdd251bf9006443',
    analytics210: '89ce5ebc2574fed966daa4482be844553f2644b4a2f9f9f89d4c587152be5e4d',
  },
  /** The seed's 32-hex hashes, kept as history (imported_hash, and what seed instances reported). */
  importedHashes: {
    crm100: 'd1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a1',
    crm110: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d1',
    erp100: 'e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b2',
  },
} as const;
