import type { Context } from '../../core/context';
import { byId, groupedBy } from '../../core/loaders';

/** DataLoaders of the licenses domain (one SQL statement per batch, no N+1). */
export const licenseLoaders = (ctx: Context) => {
  const { prisma } = ctx;
  const { lazy } = ctx.loaders;
  return {
    module: lazy('lic.module', () =>
      byId((ids) => prisma.module.findMany({ where: { id: { in: ids } }, include: { vendor: { select: { name: true } } } })),
    ),
    plan: lazy('lic.plan', () => byId((ids) => prisma.pricingPlan.findMany({ where: { id: { in: ids } } }))),
    statusHistory: lazy('lic.statusHistory', () =>
      groupedBy(
        (ids: number[]) =>
          prisma.licenseStatusHistory.findMany({
            where: { licenseId: { in: ids } },
            orderBy: [{ changedAt: 'asc' }, { id: 'asc' }],
            include: { changedBy: { select: { name: true } } },
          }),
        (r) => r.licenseId,
      ),
    ),
    renewals: lazy('lic.renewals', () =>
      groupedBy(
        (ids: number[]) =>
          prisma.subscriptionRenewal.findMany({
            where: { licenseId: { in: ids } },
            orderBy: [{ periodStart: 'asc' }, { id: 'asc' }],
            include: { invoice: { select: { number: true } } },
          }),
        (r) => r.licenseId,
      ),
    ),
    acceptances: lazy('lic.acceptances', () =>
      groupedBy(
        (ids: number[]) =>
          prisma.licenseContractAcceptance.findMany({
            where: { licenseId: { in: ids } },
            orderBy: [{ acceptedAt: 'asc' }, { id: 'asc' }],
            include: { contract: true, acceptedBy: { select: { name: true } } },
          }),
        (r) => r.licenseId,
      ),
    ),
    activations: lazy('lic.activations', () =>
      groupedBy(
        (ids: number[]) =>
          prisma.instanceModule.findMany({
            where: { licenseId: { in: ids } },
            orderBy: [{ activatedAt: 'asc' }, { id: 'asc' }],
            include: { instance: true, moduleVersion: { select: { version: true } } },
          }),
        (r) => r.licenseId,
      ),
    ),
    periods: lazy('lic.periods', () =>
      groupedBy(
        (ids: number[]) =>
          prisma.licensePeriod.findMany({ where: { licenseId: { in: ids } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] }),
        (r) => r.licenseId,
      ),
    ),
  };
};
