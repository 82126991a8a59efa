import type { Context } from '../../core/context';
import { byId, groupedBy } from '../../core/loaders';

/** Per-request loaders of the publishing domain (each created on first use). */
export const publishingLoaders = (ctx: Context) => {
  const p = ctx.prisma;
  const l = ctx.loaders.lazy;
  return {
    module: l('publishing.module', () => byId((ids: number[]) => p.module.findMany({ where: { id: { in: ids } } }))),
    version: l('publishing.version', () => byId((ids: number[]) => p.moduleVersion.findMany({ where: { id: { in: ids } } }))),
    software: l('publishing.software', () => byId((ids: number[]) => p.software.findMany({ where: { id: { in: ids } } }))),
    coreVersionsBySoftware: l('publishing.coreVersionsBySoftware', () =>
      groupedBy(
        (ids: number[]) =>
          p.softwareCore.findMany({
            where: { softwareId: { in: ids }, validationStatus: { not: 'rejected' } },
            select: { softwareId: true, version: true },
          }),
        (c) => c.softwareId,
      ),
    ),
    versionsByModule: l('publishing.versionsByModule', () =>
      groupedBy(
        (ids: number[]) => p.moduleVersion.findMany({ where: { moduleId: { in: ids } }, orderBy: { id: 'asc' } }),
        (v) => v.moduleId,
      ),
    ),
    compatibilityByVersion: l('publishing.compatByVersion', () =>
      groupedBy(
        (ids: number[]) => p.moduleCoreCompatibility.findMany({ where: { versionId: { in: ids } }, orderBy: { id: 'asc' } }),
        (c) => c.versionId,
      ),
    ),
    dependenciesByVersion: l('publishing.depsByVersion', () =>
      groupedBy(
        (ids: number[]) => p.moduleDependency.findMany({ where: { versionId: { in: ids } }, orderBy: { id: 'asc' } }),
        (d) => d.versionId,
      ),
    ),
    integrationsByVersion: l('publishing.integrationsByVersion', () =>
      groupedBy(
        (ids: number[]) => p.moduleIntegration.findMany({ where: { versionId: { in: ids } }, orderBy: { id: 'asc' } }),
        (d) => d.versionId,
      ),
    ),
    updateFlowsTo: l('publishing.updateFlowsTo', () =>
      groupedBy(
        (ids: number[]) => p.updateFlow.findMany({ where: { toVersionId: { in: ids } }, orderBy: { id: 'desc' } }),
        (f) => f.toVersionId as number,
      ),
    ),
    validationsByVersion: l('publishing.validationsByVersion', () =>
      groupedBy(
        (ids: number[]) =>
          p.moduleValidation.findMany({ where: { versionId: { in: ids } }, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }] }),
        (v) => v.versionId,
      ),
    ),
    plansByModule: l('publishing.plansByModule', () =>
      groupedBy(
        (ids: number[]) => p.pricingPlan.findMany({ where: { moduleId: { in: ids } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
        (x) => x.moduleId,
      ),
    ),
    contractsByModule: l('publishing.contractsByModule', () =>
      groupedBy(
        (ids: number[]) =>
          p.moduleContract.findMany({ where: { moduleId: { in: ids } }, orderBy: [{ effectiveFrom: 'desc' }, { id: 'desc' }] }),
        (x) => x.moduleId,
      ),
    ),
    purchaseCountByPlan: l('publishing.purchaseCountByPlan', () =>
      byId(async (ids: number[]) => {
        const rows = await p.purchase.groupBy({ by: ['pricingPlanId'], where: { pricingPlanId: { in: ids } }, _count: { _all: true } });
        return rows.map((r) => ({ id: r.pricingPlanId, count: r._count._all }));
      }),
    ),
    acceptanceCountByContract: l('publishing.acceptanceCountByContract', () =>
      byId(async (ids: number[]) => {
        const rows = await p.licenseContractAcceptance.groupBy({
          by: ['contractId'],
          where: { contractId: { in: ids } },
          _count: { _all: true },
        });
        return rows.map((r) => ({ id: r.contractId, count: r._count._all }));
      }),
    ),
  };
};
