import { DomainError } from './errors';
import type { BillingCycle, PlanType } from './quote';

// ---------------------------------------------------------------------------------------------
// License keys
// ---------------------------------------------------------------------------------------------

/**
 * The 32 characters of the random part of license keys: upper-case letters and digits without
 * the look-alikes 0/O and 1/I. 32 divides 256, so `byte % 32` is uniform (no rejection needed).
 */
export const LICENSE_KEY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Length of the random part of generated keys (60 bits of entropy). */
export const LICENSE_KEY_RANDOM_LENGTH = 12;
/** Words of a module slug that say nothing about the module (`crm-pro` → `CRM`). */
const GENERIC_SLUG_WORDS: ReadonlySet<string> = new Set(['custom', 'pro', 'plus', 'module', 'lite', 'free', 'the', 'for', 'and', 'app']);
const MAX_CODE_LENGTH = 6;

/**
 * The module code of a license key, from the module slug: the first word (split on `-`) that is
 * not generic (custom, pro, plus, module, lite, free, the, for, and, app), or the first word if
 * all are; upper-cased, letters and digits only, at most 6 characters; `MOD` if nothing is left.
 * `crm-pro` → `CRM`, `custom-erp` → `ERP`, `analytics-pro` → `ANALYT`.
 */
export function licenseModuleCode(moduleSlug: string): string {
  const words = moduleSlug
    .toLowerCase()
    .split('-')
    .map((word) => word.replace(/[^a-z0-9]/g, ''))
    .filter((word) => word !== '');
  const word = words.find((candidate) => !GENERIC_SLUG_WORDS.has(candidate)) ?? words[0];
  return word === undefined ? 'MOD' : word.slice(0, MAX_CODE_LENGTH).toUpperCase();
}

/** A source of random bytes (a `Buffer` from `crypto.randomBytes` fits); injectable for tests. */
export type RandomBytes = (size: number) => Uint8Array;

/**
 * Cryptographically secure bytes from the Web Crypto API (global in Node ≥ 19 and browsers),
 * so this package has no Node-only import and can be bundled for the web app too.
 */
const secureRandomBytes: RandomBytes = (size) => globalThis.crypto.getRandomValues(new Uint8Array(size));

/**
 * Generates a license key `MODLIC-<CODE>-<ORG>-<RANDOM>` (seed format, e.g.
 * `MODLIC-CRM-101-7KQ2M9XHZP4C`): the {@link licenseModuleCode}, the organization id and
 * 12 characters drawn uniformly from {@link LICENSE_KEY_ALPHABET} with cryptographic randomness
 * (Web Crypto `getRandomValues` unless `random` is given).
 * Uniqueness is enforced by the database; on a collision, generate again.
 *
 * @throws DomainError `INVALID_ORG_ID` unless `orgId` is a positive safe integer.
 */
export function generateLicenseKey(input: { moduleSlug: string; orgId: number; random?: RandomBytes }): string {
  const { moduleSlug, orgId, random = secureRandomBytes } = input;
  if (!Number.isSafeInteger(orgId) || orgId < 1) {
    throw new DomainError('INVALID_ORG_ID', `Invalid organization id: ${orgId}`, 'orgId');
  }
  const bytes = random(LICENSE_KEY_RANDOM_LENGTH);
  if (bytes.length < LICENSE_KEY_RANDOM_LENGTH) {
    throw new Error(`Random source returned ${bytes.length} bytes, expected ${LICENSE_KEY_RANDOM_LENGTH}`);
  }
  let suffix = '';
  for (let i = 0; i < LICENSE_KEY_RANDOM_LENGTH; i += 1) {
    suffix += LICENSE_KEY_ALPHABET[(bytes[i] as number) % LICENSE_KEY_ALPHABET.length];
  }
  return `MODLIC-${licenseModuleCode(moduleSlug)}-${orgId}-${suffix}`;
}

const STRICT_KEY = new RegExp(`^MODLIC-[A-Z0-9]{1,${MAX_CODE_LENGTH}}-[1-9]\\d*-[${LICENSE_KEY_ALPHABET}]{${LICENSE_KEY_RANDOM_LENGTH}}$`);
const LENIENT_KEY = new RegExp(`^MODLIC-[A-Z0-9]{1,${MAX_CODE_LENGTH}}-[1-9]\\d*-[A-Z0-9]{6,32}$`);

/**
 * Whether `key` has the shape of a license key. By default legacy keys are accepted too
 * (seed keys such as `MODLIC-CRM-101-ABC123`: 6–32 letters or digits at the end); with
 * `strict`, only keys as {@link generateLicenseKey} makes them.
 */
export function isLicenseKeyFormat(key: unknown, options: { strict?: boolean } = {}): key is string {
  return typeof key === 'string' && (options.strict ? STRICT_KEY : LENIENT_KEY).test(key);
}

// ---------------------------------------------------------------------------------------------
// Status machine
// ---------------------------------------------------------------------------------------------

/** All license statuses. */
export const LICENSE_STATUSES = ['pending', 'active', 'suspended', 'expired', 'revoked'] as const;
/** A license status. */
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

const TRANSITIONS: Readonly<Record<LicenseStatus, readonly LicenseStatus[]>> = {
  pending: ['active', 'revoked'],
  active: ['suspended', 'expired', 'revoked'],
  suspended: ['active', 'expired', 'revoked'],
  expired: ['active'], // renewal after a lapse
  revoked: [], // terminal
};

/** Whether `value` is a {@link LicenseStatus}. */
export function isLicenseStatus(value: unknown): value is LicenseStatus {
  return typeof value === 'string' && (LICENSE_STATUSES as readonly string[]).includes(value);
}

/** The statuses a license can move to from `from`. */
export function allowedTransitions(from: LicenseStatus): readonly LicenseStatus[] {
  return TRANSITIONS[from];
}

/**
 * Whether a license may move from `from` to `to`. Allowed: pending→active|revoked,
 * active→suspended|expired|revoked, suspended→active|expired|revoked, expired→active (renewal);
 * revoked is terminal; staying in the same status is not a transition.
 */
export function canTransition(from: LicenseStatus, to: LicenseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Asserts {@link canTransition}.
 *
 * @throws DomainError `INVALID_LICENSE_TRANSITION` (field `status`).
 */
export function assertTransition(from: LicenseStatus, to: LicenseStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_LICENSE_TRANSITION', `A license cannot go from ${from} to ${to}.`, 'status');
  }
}

/**
 * Whether a license grants use at instant `at`: active and not past its expiry
 * (`expiresAt` exclusive; null never expires).
 */
export function isLicenseUsableAt(license: { status: LicenseStatus; expiresAt: Date | null }, at: Date): boolean {
  return license.status === 'active' && (license.expiresAt === null || at.getTime() < license.expiresAt.getTime());
}

// ---------------------------------------------------------------------------------------------
// Periods (all in UTC)
// ---------------------------------------------------------------------------------------------

/** The parts of a plan that decide how long a license lasts. */
export interface BillingPlan {
  planType: PlanType;
  billingCycle: BillingCycle;
}

const NON_EXPIRING_PLAN_TYPES: ReadonlySet<PlanType> = new Set(['perpetual', 'custom', 'freemium', 'free']);
const DAY_MS = 86_400_000;

/**
 * Months in one billing period of a plan: 1 for monthly and 12 for yearly subscriptions, null
 * when licenses of the plan do not expire (perpetual, custom, freemium and free plans, and the
 * `once`/`custom` cycles).
 */
export function billingPeriodMonths(plan: BillingPlan): number | null {
  if (NON_EXPIRING_PLAN_TYPES.has(plan.planType)) return null;
  if (plan.billingCycle === 'monthly') return 1;
  if (plan.billingCycle === 'yearly') return 12;
  return null;
}

function daysInMonth(year: number, monthIndex: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, monthIndex + 1, 0); // day 0 = last day of the previous month
  return lastDay.getUTCDate();
}

/**
 * `date` plus `months` calendar months in UTC, clamped to the end of the target month and
 * keeping the time of day: 2025-01-31 + 1 → 2025-02-28, 2024-01-31 + 1 → 2024-02-29,
 * 2024-02-29 + 12 → 2025-02-28. `months` may be negative.
 *
 * @throws RangeError when `months` is not an integer.
 */
export function addMonthsClamped(date: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month, day);
  return result;
}

/**
 * When a license starting at `startsAt` expires: +1 calendar month for monthly, +1 year for
 * yearly subscriptions (clamped to month end, time of day kept), null for plans that do not
 * expire (see {@link billingPeriodMonths}).
 */
export function computeExpiry(startsAt: Date, plan: BillingPlan): Date | null {
  return periodEnd(startsAt, plan, 1);
}

/**
 * The end of the `k`-th billing period (k ≥ 1) counted from the `anchor` (the first period's
 * start), always computed from the anchor so that month-end clamping never drifts:
 * anchor Jan 31 → Feb 28, Mar 31, Apr 30… Null for plans that do not expire.
 *
 * @throws RangeError when `k` is not a positive integer.
 */
export function periodEnd(anchor: Date, plan: BillingPlan, k: number): Date | null {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const months = billingPeriodMonths(plan);
  return months === null ? null : addMonthsClamped(anchor, months * k);
}

/**
 * The period a renewal buys: it starts at the current expiry and ends one billing period later.
 * Given the `anchor` (the first period's start) and a current expiry on the anchor's schedule,
 * the end is the next {@link periodEnd}, so a Jan 31 subscription renews Feb 28 → Mar 31
 * instead of drifting to Mar 28. Without an anchor, or when the current expiry is off schedule
 * (e.g. moved by hand), one period is added to the current expiry.
 * Null for plans that do not expire.
 */
export function nextPeriod(currentExpiresAt: Date, plan: BillingPlan, anchor?: Date): { startsAt: Date; expiresAt: Date } | null {
  const months = billingPeriodMonths(plan);
  if (months === null) return null;
  const current = currentExpiresAt.getTime();
  if (anchor !== undefined && anchor.getTime() < current) {
    const elapsedMonths =
      (currentExpiresAt.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (currentExpiresAt.getUTCMonth() - anchor.getUTCMonth());
    // Period ends stay in their target month, so the k-th end is exactly k periods of months away.
    const k = elapsedMonths / months;
    if (Number.isInteger(k) && k >= 1 && addMonthsClamped(anchor, months * k).getTime() === current) {
      return { startsAt: currentExpiresAt, expiresAt: addMonthsClamped(anchor, months * (k + 1)) };
    }
  }
  return { startsAt: currentExpiresAt, expiresAt: addMonthsClamped(currentExpiresAt, months) };
}

/**
 * Calendar days from `from` to `to` in UTC, ignoring the time of day (negative when `to` is
 * earlier): 2024-12-02 10:00 → 2025-01-01 00:00 is 30 ("expires in 30 days").
 */
export function daysUntil(from: Date, to: Date): number {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  return Math.round((end - start) / DAY_MS);
}
