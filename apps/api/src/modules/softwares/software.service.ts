import type { Software, SoftwareCore } from '@wk/db';
import type { Context } from '../../core/context';
import { publicCoresBySoftware } from './software.loaders';

/**
 * The public read side of the software registry: active softwares and their cores for the
 * catalog's compatibility filter and the module page's matrix. A core is public once it is
 * registered and not rejected; `validationStatus` tells whether admins validated it yet (seed core
 * 2.0.0 is still pending while instances already run it, so buyers must be able to pick it).
 */
export async function listPublicSoftwares(ctx: Context): Promise<Software[]> {
  return ctx.prisma.software.findMany({ where: { isActive: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export async function publicCores(ctx: Context, softwareId: number): Promise<SoftwareCore[]> {
  return publicCoresBySoftware(ctx).load(softwareId);
}

/** Public cores of several softwares in one statement (batched with any other load in the tick). */
export async function publicCoresOf(ctx: Context, softwareIds: number[]): Promise<Map<number, SoftwareCore[]>> {
  const lists = await publicCoresBySoftware(ctx).loadMany(softwareIds);
  const out = new Map<number, SoftwareCore[]>();
  softwareIds.forEach((id, i) => {
    const l = lists[i];
    out.set(id, Array.isArray(l) ? l : []);
  });
  return out;
}

export async function softwareBySlug(ctx: Context, slug: string): Promise<Software | null> {
  return ctx.prisma.software.findFirst({ where: { slug, isActive: true } });
}

export async function softwaresByIds(ctx: Context, ids: number[]): Promise<Software[]> {
  if (!ids.length) return [];
  return ctx.prisma.software.findMany({ where: { id: { in: ids } } });
}
