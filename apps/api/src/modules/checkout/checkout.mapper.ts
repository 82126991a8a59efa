import type {
  Coupon,
  VendorPromotion,
  Invoice,
  License,
  Module,
  ModuleContract,
  PricingPlan,
  Purchase as DbPurchase,
  Vendor,
} from '@wk/db';
import { formatMoney, formatRate, isZero, REVERSE_CHARGE_NOTE, toAmount } from '@wk/domain';
import { money } from '../../core/scalars';
import { toModuleRef, toPlanRef } from '../licenses';
import { isRenewablePlan } from '../licenses';
import { receiptDownloadPath } from '../receipts';
import { toReceipt } from '../receipts';
import { quoteLines, requiresPayment, type PricedCart, type PricedQuote } from './quote.service';
import type { CartDependency, CartQuote, CheckoutContract, DependencyCart, Purchase, Quote } from './checkout.types';
import { toRelease } from '../instances';
import { dependencyReason, type DependencyResolution, type ResolvedDependency } from './cart.service';

export function toQuote(p: PricedQuote): Quote {
  const q = p.quote;
  const m = (amount: string) => money(amount, q.currency);
  return {
    currency: q.currency,
    subtotal: m(q.subtotal),
    discount: m(q.discount),
    taxableAmount: m(q.taxableAmount),
    taxRate: q.taxRate,
    taxName: q.taxName,
    reverseCharge: q.reverseCharge,
    reverseChargeNote: q.reverseCharge ? REVERSE_CHARGE_NOTE : null,
    tax: m(q.tax),
    total: m(q.total),
    days: q.days,
    couponCode: q.couponId !== null ? (p.coupon?.code ?? p.promotion?.code ?? null) : null,
    lines: quoteLines(p).lines.map((l) => ({ description: l.description, amount: m(l.amount) })),
    requiresPayment: requiresPayment(q),
    expiresAt: p.expiresAt,
    renews: isRenewablePlan(p.plan) && (requiresPayment(q) || p.trial !== null),
    trialDays: p.trial?.days ?? null,
    trialEndsAt: p.trial?.endsAt ?? null,
    thenTotal: p.trial ? m(p.trial.then.total) : null,
    trialSummary: p.trial
      ? `${formatMoney({ amount: q.total, currency: q.currency })} today, then ${formatMoney({ amount: p.trial.then.total, currency: q.currency })}/${p.plan.billingCycle === 'yearly' ? 'year' : 'month'} from ${p.trial.endsAt.toISOString().slice(0, 10)}`
      : null,
  };
}

export function toPurchase(
  p: DbPurchase & {
    module: Module & { vendor: Vendor };
    pricingPlan: PricingPlan;
    coupon: Coupon | null;
    vendorPromotion?: VendorPromotion | null;
    licenses: License[];
    invoice: Invoice | null;
    cartPurchase?: (DbPurchase & { invoice: Invoice | null }) | null;
    cartLines?: (DbPurchase & { module: Module & { vendor: Vendor }; pricingPlan: PricingPlan; licenses: License[] })[];
  },
  paymentMethodLabel: string | null,
): Purchase {
  const license = p.licenses[0] ?? null;
  // A line of a dependency cart shares the cart head's receipt.
  const invoice = p.invoice ?? p.cartPurchase?.invoice ?? null;
  const m = (v: { toFixed(): string }) => money(toAmount(v), p.currency);
  return {
    id: p.id,
    orgId: p.orgId,
    module: toModuleRef(p.module),
    plan: toPlanRef(p.pricingPlan),
    purchasedAt: p.purchasedAt,
    status: p.status,
    kind: p.kind,
    trialEndsAt: license?.trialEndsAt ?? null,
    subtotal: m(p.subtotalAmount),
    discount: m(p.discountAmount),
    tax: m(p.taxAmount),
    total: m(p.totalAmount),
    taxRate: formatRate(p.taxRate.toFixed()),
    taxName: p.taxName,
    reverseCharge: p.reverseCharge,
    customDays: p.customDays,
    couponCode: p.coupon?.code ?? p.vendorPromotion?.code ?? null,
    referralCode: p.vendorPromotion?.kind === 'referral' ? p.vendorPromotion.code : null,
    paymentMethodLabel,
    licenseId: license?.id ?? null,
    licenseKey: license?.licenseKey ?? null,
    cartPurchaseId: p.cartPurchaseId,
    cartLines: (p.cartLines ?? []).map((l) => ({
      id: l.id,
      module: toModuleRef(l.module),
      plan: toPlanRef(l.pricingPlan),
      total: money(toAmount(l.totalAmount), l.currency),
      licenseId: l.licenses[0]?.id ?? null,
      licenseKey: l.licenses[0]?.licenseKey ?? null,
    })),
    receipt: invoice ? toReceipt(invoice) : null,
    receiptNumber: invoice?.number ?? null,
    receiptUrl: invoice ? receiptDownloadPath(invoice) : null,
  };
}

export function toContract(c: ModuleContract): CheckoutContract {
  return {
    id: c.id,
    version: c.version,
    contractType: c.contractType,
    termsUrl: c.termsUrl,
    body: c.body,
    effectiveFrom: c.effectiveFrom,
  };
}

function toCartDependency(d: ResolvedDependency): CartDependency {
  return {
    module: toModuleRef(d.module),
    role: d.role,
    dependencyType: d.dependencyType,
    minVersion: d.minVersion,
    requiredBy: d.requiredBy,
    reason: dependencyReason(d),
    version: d.version ? toRelease(d.version) : null,
    compatible: d.compatible,
    held: d.held,
    builtIn: d.builtIn,
    selected: d.selected,
    plans: d.plans.map(toPlanRef),
    contract: d.contract ? toContract(d.contract) : null,
  };
}

export function toDependencyCart(r: DependencyResolution): DependencyCart {
  return {
    module: toModuleRef(r.module),
    version: r.version ? toRelease(r.version) : null,
    compatible: r.mainCompatible,
    instance: r.instance,
    instanceCount: r.instanceCount,
    required: r.required.filter((d) => !d.held && !d.builtIn).map(toCartDependency),
    satisfied: r.required.filter((d) => d.held || d.builtIn).map(toCartDependency),
    optional: r.optional.map(toCartDependency),
  };
}

export function toCartQuote(c: PricedCart): CartQuote {
  const m = (amount: string) => money(amount, c.currency);
  return {
    lines: c.lines.map((l) => ({ module: toModuleRef(l.priced.module), plan: toPlanRef(l.priced.plan), quote: toQuote(l.priced) })),
    currency: c.currency,
    subtotal: m(c.subtotal),
    discount: m(c.discount),
    tax: m(c.tax),
    total: m(c.total),
    requiresPayment: !isZero(c.total),
  };
}
