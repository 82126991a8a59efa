/** Test factory: modules with versions, compatibility ranges and plans, straight through Prisma. */
import type { PrismaClient, ModuleStatus, VersionStatus, PlanType, BillingCycle } from '@wk/db';

let seq = 0;

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

/** Creates a module (published, one stable 1.0.0 compatible with Webkernel 2.0.0+ and a $10/month plan unless told otherwise). */
export async function createModule(prisma: PrismaClient, spec: ModuleSpec = {}) {
  seq += 1;
  const n = `${Date.now().toString(36)}${seq}`;
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
  for (const p of plans) {
    await prisma.pricingPlan.create({
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
  }
  return { module: mod, versions: created };
}
