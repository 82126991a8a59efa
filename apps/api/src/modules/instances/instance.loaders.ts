import DataLoader from 'dataloader';
import type { InstanceModule, License, Module, ModuleVersion, PricingPlan, Software, SoftwareCore } from '@wk/db';
import type { Context } from '../../core/context';
import { byId, groupedBy } from '../../core/loaders';
import { seatsInUse } from './seats';

export type CoreWithSoftware = SoftwareCore & { software: Software };
export type ModuleWithVendor = Module & { vendor: { name: string } };
export type LicenseWithPlan = License & { pricingPlan: PricingPlan | null };

/** Per-request loaders of the instances domain (names prefixed so they never clash with others'). */
export const instanceLoaders = (ctx: Context) => ({
  core: ctx.loaders.lazy('instances.core', () =>
    byId<CoreWithSoftware>((ids) => ctx.prisma.softwareCore.findMany({ where: { id: { in: ids } }, include: { software: true } })),
  ),
  module: ctx.loaders.lazy('instances.module', () =>
    byId<ModuleWithVendor>((ids) =>
      ctx.prisma.module.findMany({ where: { id: { in: ids } }, include: { vendor: { select: { name: true } } } }),
    ),
  ),
  version: ctx.loaders.lazy('instances.version', () =>
    byId<ModuleVersion>((ids) => ctx.prisma.moduleVersion.findMany({ where: { id: { in: ids } } })),
  ),
  license: ctx.loaders.lazy('instances.license', () =>
    byId<LicenseWithPlan>((ids) => ctx.prisma.license.findMany({ where: { id: { in: ids } }, include: { pricingPlan: true } })),
  ),
  instanceModulesByInstance: ctx.loaders.lazy('instances.modulesByInstance', () =>
    groupedBy(
      (ids: number[]) => ctx.prisma.instanceModule.findMany({ where: { instanceId: { in: ids } }, orderBy: { id: 'asc' } }),
      (m: InstanceModule) => m.instanceId,
    ),
  ),
  activeInstancesByLicense: ctx.loaders.lazy(
    'instances.activeInstancesByLicense',
    () =>
      new DataLoader<number, number>(async (ids) => {
        // Seats in use: a floating seat past its heartbeat window is free (see seats.ts).
        const map = await seatsInUse(ctx.prisma, ids, ctx.clock.now());
        return ids.map((id) => map.get(id) ?? 0);
      }),
  ),
  userName: ctx.loaders.lazy('instances.userName', () =>
    byId((ids) => ctx.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })),
  ),
});
