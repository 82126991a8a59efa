/** Tax rules (platform admins): rate 0–1, ISO country, ordered dates, no overlapping active rule per country + region. */
import type { Prisma, TaxRule } from '@wk/db';
import { formatRate, parseRate } from '@wk/domain';
import type { Context } from '../../core/context';
import { requirePlatformAdmin } from '../../core/access';
import { audit } from '../../core/audit';
import { notFound } from '../../core/errors';
import { pageById } from '../../core/pagination';
import { ErrorBag, clean, fail } from '../publishing';
import { AdminErrorCode as E } from '../admin';

interface RuleFields {
  countryCode: string;
  region: string | null;
  taxName: string;
  taxRate: string;
  isActive: boolean;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

const snapshot = (r: TaxRule) => ({
  countryCode: r.countryCode,
  region: r.region,
  taxName: r.taxName,
  taxRate: formatRate(r.taxRate.toString()),
  isActive: r.isActive,
  effectiveFrom: r.effectiveFrom.toISOString(),
  effectiveTo: r.effectiveTo?.toISOString() ?? null,
});

export async function listTaxRules(
  ctx: Context,
  args: { first: number; after?: string | null; filter?: { countryCode?: string | null; isActive?: boolean | null } | null },
) {
  requirePlatformAdmin(ctx);
  const f = args.filter ?? {};
  const where: Prisma.TaxRuleWhereInput = {
    ...(clean(f.countryCode) ? { countryCode: clean(f.countryCode)!.toUpperCase() } : {}),
    ...(f.isActive !== null && f.isActive !== undefined ? { isActive: f.isActive } : {}),
  };
  return pageById(args, 'asc', where, {
    rows: (q) => ctx.prisma.taxRule.findMany(q),
    count: (q) => ctx.prisma.taxRule.count(q),
  });
}

async function validateRule(tx: Prisma.TransactionClient, f: RuleFields, excludeId: number | null): Promise<RuleFields> {
  const bag = new ErrorBag();
  const countryCode = f.countryCode.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(countryCode)) bag.add(E.TAX_COUNTRY_INVALID, 'Use the two-letter ISO country code, e.g. FR.', 'countryCode');
  const region = clean(f.region)?.toUpperCase() ?? null;
  if (region && !/^[A-Z0-9-]{1,20}$/.test(region))
    bag.add(E.TAX_REGION_INVALID, 'Use the region code, e.g. CA (letters, digits, "-").', 'region');
  const taxName = f.taxName.trim();
  if (!taxName) bag.add(E.REQUIRED, 'Name the tax, e.g. VAT.', 'taxName');
  let taxRate = f.taxRate;
  try {
    taxRate = parseRate(f.taxRate.trim(), { field: 'taxRate', max: '1', maxDecimals: 4 });
  } catch {
    bag.add(E.TAX_RATE_INVALID, 'Enter a rate between 0 and 1 with at most 4 decimals, e.g. 0.20 for 20 %.', 'taxRate');
  }
  if (f.effectiveTo && f.effectiveTo.getTime() <= f.effectiveFrom.getTime())
    bag.add(E.TAX_DATES_INVALID, 'The end must be after the start.', 'effectiveTo');
  bag.throwIfAny();
  if (f.isActive) {
    // Serialise writers of one jurisdiction, then look for an overlapping active rule.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tax:${countryCode}:${region ?? ''}`}))`;
    const others = await tx.taxRule.findMany({
      where: { countryCode, region, isActive: true, ...(excludeId ? { id: { not: excludeId } } : {}) },
    });
    const end = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);
    const clash = others.find((o) => o.effectiveFrom.getTime() < end(f.effectiveTo) && f.effectiveFrom.getTime() < end(o.effectiveTo));
    if (clash) {
      fail(
        E.TAX_RULE_OVERLAP,
        `An active ${clash.taxName} rule for ${countryCode}${region ? `-${region}` : ''} already applies from ${clash.effectiveFrom.toISOString().slice(0, 10)}${clash.effectiveTo ? ` to ${clash.effectiveTo.toISOString().slice(0, 10)}` : ''}. End it first.`,
        'effectiveFrom',
      );
    }
  }
  return { countryCode, region, taxName, taxRate, isActive: f.isActive, effectiveFrom: f.effectiveFrom, effectiveTo: f.effectiveTo };
}

export async function createTaxRule(
  ctx: Context,
  input: {
    countryCode: string;
    region?: string | null;
    taxName: string;
    taxRate: string;
    isActive: boolean;
    effectiveFrom: Date;
    effectiveTo?: Date | null;
  },
): Promise<TaxRule> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const data = await validateRule(tx, { ...input, region: input.region ?? null, effectiveTo: input.effectiveTo ?? null }, null);
    const r = await tx.taxRule.create({ data });
    await audit(tx, ctx, { action: 'create', entityType: 'tax_rule', entityId: r.id, newValue: snapshot(r) });
    return r;
  });
}

export async function updateTaxRule(
  ctx: Context,
  input: {
    taxRuleId: number;
    countryCode?: string | null;
    region?: string | null;
    taxName?: string | null;
    taxRate?: string | null;
    isActive?: boolean | null;
    effectiveFrom?: Date | null;
    effectiveTo?: Date | null;
    clearEffectiveTo?: boolean | null;
  },
): Promise<TaxRule> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.taxRule.findUnique({ where: { id: input.taxRuleId } });
    if (!before) throw notFound('Tax rule');
    const data = await validateRule(
      tx,
      {
        countryCode: input.countryCode ?? before.countryCode,
        region: input.region !== undefined && input.region !== null ? input.region : before.region,
        taxName: input.taxName ?? before.taxName,
        taxRate: input.taxRate ?? before.taxRate.toString(),
        isActive: input.isActive ?? before.isActive,
        effectiveFrom: input.effectiveFrom ?? before.effectiveFrom,
        effectiveTo: input.clearEffectiveTo ? null : (input.effectiveTo ?? before.effectiveTo),
      },
      before.id,
    );
    const r = await tx.taxRule.update({ where: { id: before.id }, data });
    await audit(tx, ctx, { action: 'update', entityType: 'tax_rule', entityId: r.id, oldValue: snapshot(before), newValue: snapshot(r) });
    return r;
  });
}

/** Purchases keep their own copy of the tax applied (name and rate), so a rule can be deleted. */
export async function deleteTaxRule(ctx: Context, id: number): Promise<number> {
  requirePlatformAdmin(ctx);
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.taxRule.findUnique({ where: { id } });
    if (!before) throw notFound('Tax rule');
    await tx.taxRule.delete({ where: { id } });
    await audit(tx, ctx, { action: 'delete', entityType: 'tax_rule', entityId: id, oldValue: snapshot(before) });
    return id;
  });
}
