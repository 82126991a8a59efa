import type { PricingPlan } from '@wk/db';
import { toAmount } from '@wk/domain';
import { money } from '../../core/scalars';
import type { ModuleRef, PlanRef } from './license.types';

export function toModuleRef(m: {
  id: number;
  slug: string;
  name: string;
  iconUrl: string | null;
  vendorId: number;
  vendor: { name: string };
}): ModuleRef {
  return { id: m.id, slug: m.slug, name: m.name, iconUrl: m.iconUrl, vendorId: m.vendorId, vendorName: m.vendor.name };
}

export function toPlanRef(p: PricingPlan): PlanRef {
  return {
    id: p.id,
    name: p.name,
    planType: p.planType,
    billingCycle: p.billingCycle,
    price: p.priceAmount === null ? null : money(toAmount(p.priceAmount), p.priceCurrency),
    ratePerDay: p.customRatePerDay === null ? null : money(toAmount(p.customRatePerDay), p.priceCurrency),
    maxInstances: p.maxInstances,
    maxUsers: p.maxUsers,
    trialDays: p.trialDays,
  };
}
