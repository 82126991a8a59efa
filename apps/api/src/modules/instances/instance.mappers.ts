import type { ModuleVersion } from '@wk/db';
import { isLicenseUsableAt } from '@wk/domain';
import type { ModuleWithVendor, LicenseWithPlan } from './instance.loaders';
import { InstanceLicense, InstanceModuleListing, InstanceModuleRelease } from './instance.types';

/** Shapes shared by every domain that shows modules, versions and licenses next to an instance. */
export function toListing(m: ModuleWithVendor): InstanceModuleListing {
  return Object.assign(new InstanceModuleListing(), {
    id: m.id,
    slug: m.slug,
    name: m.name,
    iconUrl: m.iconUrl,
    vendorName: m.vendor.name,
  });
}

export function toRelease(v: ModuleVersion): InstanceModuleRelease {
  return Object.assign(new InstanceModuleRelease(), {
    id: v.id,
    moduleId: v.moduleId,
    version: v.version,
    channel: v.channel,
    status: v.status,
    hash: v.hash,
    changelog: v.changelog,
    isCompatibleWithPrevious: v.isCompatibleWithPrevious,
    releaseDate: v.releaseDate,
    deprecatedAt: v.deprecatedAt,
  });
}

export function toLicense(l: LicenseWithPlan, now: Date, activeInstances: number): InstanceLicense {
  return Object.assign(new InstanceLicense(), {
    id: l.id,
    licenseKey: l.licenseKey,
    status: l.status,
    expiresAt: l.expiresAt,
    usable: isLicenseUsableAt({ status: l.status, expiresAt: l.expiresAt }, now),
    planName: l.pricingPlan?.name ?? null,
    maxInstances: l.pricingPlan?.maxInstances ?? null,
    activeInstances,
  });
}
