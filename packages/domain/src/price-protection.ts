/**
 * Price-change protection (PRODUCT.md "Price changes"): a vendor's new price applies to new
 * purchases at once; a subscription already on the plan keeps its price for 90 days after a
 * raise; a drop applies to everyone at once (nobody is protected from a lower price).
 *
 * One rule covers any number of changes in a row: a renewal on date R is charged the LOWEST
 * price the plan had at any moment in the 90 days up to R — counting only from when the
 * subscription joined the plan (a buyer who bought after a raise pays what they bought at).
 * So a raise reaches a license exactly 90 days after it was made (the first renewal on or after
 * that date pays it; day 89 still pays the old price), a drop reaches it at once, and after
 * several raises each one arrives 90 days after its own change.
 */
import { compareAmounts, toAmount, type AmountInput } from './money';

export const PRICE_PROTECTION_DAYS = 90;
/** Orgs are told this many days before a raised price is first charged to them. */
export const PRICE_NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface PriceChangePoint {
  id: number;
  changedAt: Date;
  oldAmount: AmountInput;
  oldCurrency: string;
  newAmount: AmountInput;
  currency: string;
}

export interface PlanPrice {
  amount: string;
  currency: string;
}

const byTime = (changes: readonly PriceChangePoint[]) =>
  [...changes].sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime() || a.id - b.id);

/** The plan's price at instant `t` (a change takes effect at its own instant). */
export function planPriceAt(changes: readonly PriceChangePoint[], current: PlanPrice, t: Date): PlanPrice {
  const sorted = byTime(changes);
  let price: PlanPrice | null = null;
  for (const c of sorted) {
    if (c.changedAt.getTime() <= t.getTime()) price = { amount: toAmount(c.newAmount), currency: c.currency };
    else return price ?? { amount: toAmount(c.oldAmount), currency: c.oldCurrency };
  }
  return price ?? { amount: toAmount(current.amount), currency: current.currency };
}

export interface ProtectedPriceInput {
  /** The plan's price changes (any order). */
  changes: readonly PriceChangePoint[];
  /** The plan's price now (used when there is no change at all). */
  current: PlanPrice;
  /** When the subscription joined this plan (bought it, or moved to it). */
  since: Date;
  /** The renewal date being priced. */
  at: Date;
  days?: number;
}

/**
 * The price a subscription on the plan since `since` is charged at a renewal on `at`: the lowest
 * price the plan had in [max(at − 90 days, since), at], in the currency the plan has at `at`.
 */
export function protectedPrice(input: ProtectedPriceInput): PlanPrice {
  const days = input.days ?? PRICE_PROTECTION_DAYS;
  const atMs = input.at.getTime();
  const startMs = Math.min(atMs, Math.max(atMs - days * DAY_MS, input.since.getTime()));
  const atPrice = planPriceAt(input.changes, input.current, input.at);
  let best = atPrice.amount;
  const consider = (p: PlanPrice) => {
    if (p.currency === atPrice.currency && compareAmounts(p.amount, best) < 0) best = p.amount;
  };
  consider(planPriceAt(input.changes, input.current, new Date(startMs)));
  for (const c of input.changes) {
    const ms = c.changedAt.getTime();
    if (ms > startMs && ms <= atMs) consider({ amount: toAmount(c.newAmount), currency: c.currency });
  }
  return { amount: best, currency: atPrice.currency };
}

export interface RenewalPriceExplanation extends PlanPrice {
  /** The plan's price for a new purchase at the renewal date. */
  planAmount: string;
  /** Charged less than the plan's price because of a recent raise. */
  isProtected: boolean;
  /** From this date renewals pay `thenAmount` (null when no rise is ahead). */
  protectedUntil: Date | null;
  thenAmount: string | null;
  /** The raise that the protection is about (the one whose 90 days end at `protectedUntil`). */
  protectingChange: PriceChangePoint | null;
  /** The raise the charged price comes from, once its 90 days are over (made after the subscription joined). */
  raisedBy: PriceChangePoint | null;
  /** The drop (in the last 90 days, after the subscription joined) that set the charged price at once. */
  loweredBy: PriceChangePoint | null;
}

/**
 * What the license page shows: the price charged at the renewal on `at`, and why — protected
 * until a date after a raise (and the price from then), or lowered at once by a drop.
 */
export function explainRenewalPrice(input: ProtectedPriceInput): RenewalPriceExplanation {
  const days = input.days ?? PRICE_PROTECTION_DAYS;
  const charged = protectedPrice(input);
  const plan = planPriceAt(input.changes, input.current, input.at);
  const sorted = byTime(input.changes);
  // The charged price can only rise when a low point leaves the 90-day window: 90 days after a change.
  let protectedUntil: Date | null = null;
  let thenAmount: string | null = null;
  let protectingChange: PriceChangePoint | null = null;
  for (const c of sorted) {
    const end = new Date(c.changedAt.getTime() + days * DAY_MS);
    if (end.getTime() <= input.at.getTime()) continue;
    const later = protectedPrice({ ...input, at: end });
    if (later.currency === charged.currency && compareAmounts(later.amount, charged.amount) > 0) {
      protectedUntil = end;
      thenAmount = later.amount;
      protectingChange = c;
      break;
    }
  }
  let raisedBy: PriceChangePoint | null = null;
  let loweredBy: PriceChangePoint | null = null;
  const atMs = input.at.getTime();
  for (const c of sorted) {
    const ms = c.changedAt.getTime();
    if (ms > atMs) break;
    if (ms <= input.since.getTime() || c.currency !== charged.currency || c.oldCurrency !== c.currency) continue;
    const delta = compareAmounts(toAmount(c.newAmount), toAmount(c.oldAmount));
    const setsCharged = compareAmounts(toAmount(c.newAmount), charged.amount) === 0;
    if (delta > 0 && setsCharged && ms + days * DAY_MS <= atMs) raisedBy = c;
    if (delta < 0 && setsCharged && ms > atMs - days * DAY_MS) loweredBy = c;
  }
  return {
    ...charged,
    planAmount: plan.amount,
    isProtected: protectedUntil !== null && compareAmounts(charged.amount, plan.amount) < 0,
    protectedUntil,
    thenAmount,
    protectingChange,
    raisedBy,
    loweredBy,
  };
}

/** When the notice of a raised price first charged at `appliesAt` is due (30 days before). */
export function noticeDueAt(appliesAt: Date, days = PRICE_NOTICE_DAYS): Date {
  return new Date(appliesAt.getTime() - days * DAY_MS);
}
