import { Client } from 'pg';
import { applyMigrations, createPrismaClient, diffDatabaseToSchema, diffMigrationsToSchema, seedData, seedDemoData } from '@wk/db';
import { createTestDatabase, dropTestDatabase, useTestApp } from '../test/harness';

describe('migrations', () => {
  it('applied to an empty database, they equal the Prisma schema (no drift)', async () => {
    const url = await createTestDatabase();
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await c.end();
    try {
      const applied = await applyMigrations(url);
      expect(applied.length).toBeGreaterThan(0);
      expect(await diffDatabaseToSchema(url)).toBe('');
      expect(await diffMigrationsToSchema(url)).toBe('');
      expect(await applyMigrations(url)).toEqual([]);
      const check = new Client({ connectionString: url });
      await check.connect();
      const rows = await check.query('SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name');
      await check.end();
      expect(rows.rows.map((r) => r.migration_name)).toEqual(applied);
      for (const r of rows.rows) {
        expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(r.finished_at).not.toBeNull();
      }
    } finally {
      await dropTestDatabase(url);
    }
  });

  it('detects drift when the database differs from the schema', async () => {
    const url = await createTestDatabase();
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('ALTER TABLE users ADD COLUMN stray integer');
    await c.end();
    try {
      expect(await diffDatabaseToSchema(url)).toMatch(/DROP COLUMN "stray"/);
    } finally {
      await dropTestDatabase(url);
    }
  });
});

describe('demo data', () => {
  const t = useTestApp();

  const expected: [string, () => Promise<number>, number][] = [];
  const p = () => t.prisma;
  expected.push(
    ['users', () => p().user.count(), seedData.users.length],
    ['organizations', () => p().organization.count(), 2],
    ['billing profiles (users_organisations)', () => p().billingProfile.count(), 3],
    ['memberships (users_organisations_role)', () => p().membership.count(), 4],
    ['softwares', () => p().software.count(), 1],
    ['software_cores', () => p().softwareCore.count(), 3],
    ['vendors', () => p().vendor.count(), 3],
    ['commission_history', () => p().commissionHistory.count(), 2],
    ['modules (listings)', () => p().module.count(), 3],
    ['module_versions (+ Analytics Pro 2.0.1, not in seed 000)', () => p().moduleVersion.count(), 6],
    ['software_permissions', () => p().softwarePermission.count(), seedData.softwarePermissions.length],
    ['permission_consents', () => p().permissionConsent.count(), 4],
    ['module_core_compatibility', () => p().moduleCoreCompatibility.count(), seedData.moduleCoreCompatibility.length],
    ['module_dependencies', () => p().moduleDependency.count(), 2],
    ['module_integrations', () => p().moduleIntegration.count(), 3],
    ['module_validations', () => p().moduleValidation.count(), 4],
    ['module_contracts', () => p().moduleContract.count(), 3],
    ['module_pricing_plans', () => p().pricingPlan.count(), 6],
    ['tax_rules', () => p().taxRule.count(), 4],
    ['discount_coupons', () => p().coupon.count(), 3],
    ['module_purchases', () => p().purchase.count(), 3],
    ['module_licenses (license 4 became a period)', () => p().license.count(), 3],
    ['license periods', () => p().licensePeriod.count(), 4],
    ['license_contract_acceptances', () => p().licenseContractAcceptance.count(), 3],
    ['license_status_history', () => p().licenseStatusHistory.count(), 4],
    ['instances', () => p().instance.count(), 3],
    ['instance_modules', () => p().instanceModule.count(), 4],
    ['instance_module_activation_logs', () => p().activationLog.count(), 4],
    ['subscription_renewals', () => p().subscriptionRenewal.count(), 3],
    ['vendor_payouts', () => p().vendorPayout.count(), 2],
    ['module_update_flows', () => p().updateFlow.count(), 2],
    ['instance_module_updates', () => p().instanceModuleUpdate.count(), 3],
    ['module_usage_metrics', () => p().moduleUsageMetric.count(), 4],
    ['module_error_logs', () => p().moduleErrorLog.count(), 3],
    ['notifications', () => p().notification.count(), 4],
    ['notification_preferences', () => p().notificationPreference.count(), 5],
    ['audit_logs', () => p().auditLog.count(), 5],
  );

  it.each(expected)('%s has the seed rows', async (_name, count, n) => {
    expect(await count()).toBe(n);
  });

  it('maps the seed exactly where it matters', async () => {
    const crm = await t.prisma.module.findUniqueOrThrow({ where: { slug: 'crm-pro' }, include: { versions: { orderBy: { id: 'asc' } } } });
    expect(crm.versions.map((v) => [v.version, v.status])).toEqual([
      ['1.0.0', 'stable'],
      ['1.1.0', 'stable'],
    ]);
    const p2 = await t.prisma.purchase.findUniqueOrThrow({ where: { id: 2 } });
    expect([
      p2.subtotalAmount.toFixed(2),
      p2.discountAmount.toFixed(2),
      p2.commissionAmount.toFixed(2),
      p2.vendorAmount.toFixed(2),
      p2.totalAmount.toFixed(2),
    ]).toEqual(['4500.00', '100.00', '1350.00', '3150.00', '4400.00']);
    const l1 = await t.prisma.license.findUniqueOrThrow({
      where: { licenseKey: 'MODLIC-CRM-101-ABC123' },
      include: { periods: { orderBy: { startsAt: 'asc' } } },
    });
    expect(l1.periods.map((x) => x.startsAt.toISOString())).toEqual(['2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    const admin = await t.prisma.user.findUniqueOrThrow({ where: { email: 'admin@webkernel.com' } });
    expect([admin.id, admin.platformRole]).toEqual([5, 'platform_admin']);
  });

  it('is idempotent: loading again changes nothing', async () => {
    const before = await Promise.all(expected.map(([, count]) => count()));
    const hashBefore = (await t.prisma.user.findUniqueOrThrow({ where: { id: 42 } })).passwordHash;
    const { inserted } = await seedDemoData(t.prisma);
    expect(Object.values(inserted).every((n) => n === 0)).toBe(true);
    expect(await Promise.all(expected.map(([, count]) => count()))).toEqual(before);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: 42 } })).passwordHash).toBe(hashBefore);
  });

  it('new rows get ids after the seed ids', async () => {
    const org = await t.prisma.organization.create({ data: { name: 'Fresh', slug: 'fresh-org' } });
    expect(org.id).toBeGreaterThan(102);
  });
});

describe('a second client sees committed rows (real multi-connection server)', () => {
  const t = useTestApp();
  it('runs transactions in parallel with row locks', async () => {
    const other = createPrismaClient(t.databaseUrl, { max: 2 });
    try {
      const order: string[] = [];
      // Hand-offs instead of sleeps: B looks only once A holds the lock, and A finishes only after B looked.
      let aLocked!: () => void;
      let bLooked!: () => void;
      const aHasLock = new Promise<void>((r) => (aLocked = r));
      const bHasLooked = new Promise<void>((r) => (bLooked = r));
      const a = t.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM discount_coupons WHERE id = 3 FOR UPDATE`;
        order.push('a-locked');
        aLocked();
        await bHasLooked;
        await tx.coupon.update({ where: { id: 3 }, data: { timesUsed: { increment: 1 } } });
        order.push('a-done');
      });
      const b = (async () => {
        await aHasLock;
        return other.$transaction(async (tx) => {
          const skipped = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM discount_coupons WHERE id = 3 FOR UPDATE SKIP LOCKED`;
          order.push(`b-skip-${skipped.length}`);
          bLooked();
          // Blocks until A commits.
          await tx.$queryRaw`SELECT id FROM discount_coupons WHERE id = 3 FOR UPDATE`;
          order.push('b-locked');
        });
      })();
      await Promise.all([a, b]);
      expect(order).toEqual(['a-locked', 'b-skip-0', 'a-done', 'b-locked']);
    } finally {
      await other.$disconnect();
    }
  });
});

describe("a transaction's statements go to its connection one at a time", () => {
  const t = useTestApp();
  it('reads an include of several relations without sending a statement while another runs', async () => {
    // Prisma's interpreter reads the relations in parallel; pg 8.19+ warns when a statement is sent to a
    // connection that is still running one (and pg 9 refuses it). createPrismaClient queues them instead.
    type Probe = Client & { _activeQuery: unknown; _queryQueue: unknown[] };
    const original = Client.prototype.query;
    let sent = 0;
    let overlapping = 0;
    Client.prototype.query = function (this: Probe, ...args: unknown[]) {
      sent++;
      if (this._activeQuery || this._queryQueue.length) overlapping++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      const license = await t.prisma.$transaction((tx) =>
        tx.license.findUniqueOrThrow({
          where: { licenseKey: 'MODLIC-CRM-101-ABC123' },
          include: { pricingPlan: true, module: { include: { vendor: true } }, org: true, periods: true, renewals: true },
        }),
      );
      expect(license.module.vendor.id).toBe(license.module.vendorId);
      expect(license.org.id).toBe(license.orgId);
      expect(license.pricingPlan?.id).toBe(license.pricingPlanId);
      expect(license.periods.length).toBe(2);
      expect(sent).toBeGreaterThanOrEqual(6);
      expect(overlapping).toBe(0);
    } finally {
      Client.prototype.query = original;
    }
  });
});
