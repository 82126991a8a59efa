import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LicensePlanChange as DbChange, PricingPlan } from '@wk/db';
import { toAmount } from '@wk/domain';
import type { Context } from '../../core/context';
import { money } from '../../core/scalars';
import { toPlanRef } from '../licenses';
import { License, LicensePayload } from '../licenses';
import { toReceipt } from '../receipts';
import {
  LicenseChangePlanInput,
  LicenseChangePlanPayload,
  LicensePlanChange,
  LicensePlanChangePreviewPayload,
  PlanChangePreview,
} from './plan-change.types';
import * as planChanges from './plan-change.service';

export function toPlanChange(c: DbChange, plans: Map<number, PricingPlan>): LicensePlanChange {
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    fromPlanName: plans.get(c.fromPlanId)?.name ?? `Plan ${c.fromPlanId}`,
    toPlanName: plans.get(c.toPlanId)?.name ?? `Plan ${c.toPlanId}`,
    effectiveAt: c.effectiveAt,
    credit: money(toAmount(c.creditAmount), c.currency),
    charged: money(toAmount(c.chargedAmount), c.currency),
    requestedAt: c.requestedAt,
  };
}

function toPreview(p: planChanges.PlanChangePreview): PlanChangePreview {
  const m = (a: string) => money(a, p.currency);
  return {
    kind: p.kind,
    appliesNow: p.appliesNow,
    effectiveAt: p.effectiveAt,
    fromPlan: toPlanRef(p.fromPlan),
    toPlan: toPlanRef(p.toPlan),
    newPrice: m(p.newPrice),
    credit: m(p.credit),
    tax: m(p.quote.tax),
    total: m(p.quote.total),
    periodEnd: p.periodEnd,
    inTrial: p.inTrial,
    lines: p.appliesNow && !p.inTrial ? planChanges.previewLines(p).map((l) => ({ description: l.description, amount: m(l.amount) })) : [],
  };
}

@Resolver()
export class PlanChangeResolver {
  @Authorized()
  @Query(() => LicensePlanChangePreviewPayload, {
    description:
      'What changing the plan of a license would do: upgrade now with a prorated credit, or downgrade at the period end (manage_licenses).',
  })
  async licensePlanChangePreview(
    @Arg('licenseId', () => Int) licenseId: number,
    @Arg('planId', () => Int) planId: number,
    @Ctx() ctx: Context,
  ): Promise<LicensePlanChangePreviewPayload> {
    const r = await planChanges.previewPlanChange(ctx, licenseId, planId);
    return r.ok ? { preview: toPreview(r.preview), errors: [] } : { preview: null, errors: r.errors };
  }

  @Authorized()
  @Mutation(() => LicenseChangePlanPayload, {
    description:
      "Change a license's plan (manage_licenses): an upgrade is charged now (new price − prorated credit, plus tax) with a receipt; a downgrade applies at the period end. The key stays.",
  })
  async licenseChangePlan(
    @Arg('input', () => LicenseChangePlanInput) input: LicenseChangePlanInput,
    @Ctx() ctx: Context,
  ): Promise<LicenseChangePlanPayload> {
    const r = await planChanges.changePlan(ctx, input);
    if (!r.ok) return { license: null, planChange: null, receipt: null, errors: r.errors };
    const plans = new Map([
      [r.preview.fromPlan.id, r.preview.fromPlan],
      [r.preview.toPlan.id, r.preview.toPlan],
    ]);
    return { license: r.license, planChange: toPlanChange(r.change, plans), receipt: r.invoice ? toReceipt(r.invoice) : null, errors: [] };
  }

  @Authorized()
  @Mutation(() => LicensePayload, { description: 'Cancel a downgrade that waits for the period end (manage_licenses).' })
  licensePlanChangeCancel(@Arg('licenseId', () => Int) licenseId: number, @Ctx() ctx: Context): Promise<LicensePayload> {
    return planChanges.cancelScheduledChange(ctx, licenseId);
  }
}

/** Plan change fields of a license (the license itself was access-checked by its query). */
@Resolver(() => License)
export class LicensePlanChangesResolver {
  @FieldResolver(() => [LicensePlanChange], { description: 'Plan changes, newest first (including a scheduled downgrade).' })
  async planChanges(@Root() l: License, @Ctx() ctx: Context): Promise<LicensePlanChange[]> {
    const { changes, plans } = await planChanges.planChangesOfLicense(ctx, l.id);
    return changes.map((r) => toPlanChange(r, plans));
  }
}
