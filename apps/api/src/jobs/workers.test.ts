import { createPrismaClient, type PrismaClient } from '@wk/db';
import { FixedClock } from '../core/clock';
import type { Services } from '../core/services';
import { useTestApp } from '../test/harness';
import { buyOk } from '../modules/checkout/test-support/checkout-fixtures';
import { SandboxPaymentProvider } from '../modules/payments/sandbox-provider';
import { runRenewals } from './renewals.job';
import { JobRunner } from './runner';

const at = (iso: string) => new Date(iso);

/**
 * Two workers at once (PRODUCT.md: "Jobs are idempotent and safe with two workers running").
 * Each worker has its own database pool and its own payment provider instance, as two
 * processes would, so a double charge could not hide behind a shared in-memory ledger.
 */
describe('two workers at once', () => {
  const clock = new FixedClock(at('2026-03-01T08:00:00Z'));
  const t = useTestApp({ clock, poolSize: 12 });
  const extraClients: PrismaClient[] = [];
  afterAll(async () => {
    await Promise.all(extraClients.map((c) => c.$disconnect()));
  });

  const worker = (name: string) => {
    const prisma = createPrismaClient(t.databaseUrl, { max: 6 });
    extraClients.push(prisma);
    const payments = new SandboxPaymentProvider();
    const services: Services = { ...t.services, payments };
    return { name, payments, deps: { prisma, config: t.config, clock, services } };
  };
  const charges = (...ws: { payments: SandboxPaymentProvider }[]) =>
    ws.flatMap((w) => w.payments.ledger.filter((o) => o.kind === 'charge' && o.outcome === 'succeeded'));

  async function dueLicenses(count: number, boughtAt: string): Promise<number[]> {
    clock.set(at(boughtAt));
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push((await buyOk(t, 'alice@acme.test')).license.id);
    return ids;
  }

  it('running the renewal job twice concurrently renews each license exactly once', async () => {
    await t.prisma.license.updateMany({ where: { id: { in: [1, 3] } }, data: { autoRenew: false } });
    const ids = await dueLicenses(12, '2026-03-01T08:00:00Z');
    clock.set(at('2026-04-01T09:00:00Z'));
    const a = worker('A');
    const b = worker('B');
    const [ra, rb] = await Promise.all([runRenewals(a.deps), runRenewals(b.deps)]);
    expect((ra.renewed ?? 0) + (rb.renewed ?? 0)).toBe(12);
    expect((ra.errors ?? 0) + (rb.errors ?? 0)).toBe(0);
    expect(charges(a, b)).toHaveLength(12);
    for (const id of ids) {
      const l = await t.prisma.license.findUniqueOrThrow({ where: { id } });
      expect(l.expiresAt).toEqual(at('2026-05-01T08:00:00Z'));
      expect(await t.prisma.subscriptionRenewal.count({ where: { licenseId: id } })).toBe(1);
      expect(await t.prisma.licensePeriod.count({ where: { licenseId: id } })).toBe(2);
      expect(await t.prisma.invoice.count({ where: { renewal: { licenseId: id } } })).toBe(1);
    }
    // And again: nothing is due any more.
    const [again1, again2] = await Promise.all([runRenewals(a.deps), runRenewals(b.deps)]);
    expect((again1.renewed ?? 0) + (again2.renewed ?? 0)).toBe(0);
  });

  it('two pg-boss workers on the same queues: both pick up a renewal job at once, each license is renewed once', async () => {
    const ids = await dueLicenses(8, '2026-05-02T08:00:00Z');
    await t.prisma.license.updateMany({ where: { id: { notIn: ids } }, data: { autoRenew: false } }); // only these are due
    clock.set(at('2026-06-02T09:00:00Z'));
    const a = worker('A');
    const b = worker('B');
    const runners = [
      new JobRunner(a.deps, {
        databaseUrl: t.databaseUrl,
        schedules: false,
        kickOnStart: false,
        pollingIntervalSeconds: 0.5,
        name: 'A',
        log: () => undefined,
      }),
      new JobRunner(b.deps, {
        databaseUrl: t.databaseUrl,
        schedules: false,
        kickOnStart: false,
        pollingIntervalSeconds: 0.5,
        name: 'B',
        log: () => undefined,
      }),
    ];
    try {
      await runners[0]!.start();
      await runners[1]!.start();
      const jobIds = await Promise.all(runners.map((r) => r.enqueue('license-renewals')));
      const done = await Promise.all(jobIds.map((id, i) => runners[i]!.waitFor('license-renewals', id, 30_000)));
      expect(done.map((d) => d.state)).toEqual(['completed', 'completed']);
      const total = done.reduce((n, d) => n + ((d.output as { renewed?: number }).renewed ?? 0), 0);
      expect(total).toBe(8);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    expect(charges(a, b)).toHaveLength(8);
    for (const id of ids) {
      expect(await t.prisma.subscriptionRenewal.count({ where: { licenseId: id } })).toBe(1);
      expect((await t.prisma.license.findUniqueOrThrow({ where: { id } })).expiresAt).toEqual(at('2026-07-02T08:00:00Z'));
    }
  });
});
