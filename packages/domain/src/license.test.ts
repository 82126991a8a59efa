import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { DomainError } from './errors';
import {
  addMonthsClamped,
  allowedTransitions,
  assertTransition,
  billingPeriodMonths,
  canTransition,
  computeExpiry,
  daysUntil,
  generateLicenseKey,
  isLicenseKeyFormat,
  isLicenseStatus,
  isLicenseUsableAt,
  LICENSE_KEY_ALPHABET,
  LICENSE_STATUSES,
  licenseModuleCode,
  nextPeriod,
  periodEnd,
  type BillingPlan,
  type LicenseStatus,
} from './license';

const d = (iso: string): Date => new Date(iso);
const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;

const monthly: BillingPlan = { planType: 'subscription', billingCycle: 'monthly' };
const yearly: BillingPlan = { planType: 'subscription', billingCycle: 'yearly' };

describe('licenseModuleCode', () => {
  it.each([
    ['crm-pro', 'CRM'],
    ['custom-erp', 'ERP'],
    ['analytics-pro', 'ANALYT'],
    ['analytics', 'ANALYT'],
    ['pro-module', 'PRO'],
    ['the-best-app', 'BEST'],
    ['free-invoice-lite', 'INVOIC'],
    ['module-42', '42'],
    ['HR-Plus', 'HR'],
    ['crm', 'CRM'],
    ['a', 'A'],
    ['--crm--pro--', 'CRM'],
    ['pro', 'PRO'],
    ['', 'MOD'],
    ['---', 'MOD'],
    ['crm_pro', 'CRMPRO'],
  ])('%p → %p', (slug, code) => {
    expect(licenseModuleCode(slug)).toBe(code);
  });
});

describe('generateLicenseKey', () => {
  const zeros = (n: number): Buffer => Buffer.alloc(n, 0);

  it('reproduces the seed layout', () => {
    expect(generateLicenseKey({ moduleSlug: 'crm-pro', orgId: 101, random: zeros })).toBe('MODLIC-CRM-101-AAAAAAAAAAAA');
    expect(generateLicenseKey({ moduleSlug: 'custom-erp', orgId: 102, random: zeros })).toMatch(/^MODLIC-ERP-102-/);
    expect(generateLicenseKey({ moduleSlug: 'analytics-pro', orgId: 7, random: zeros })).toMatch(/^MODLIC-ANALYT-7-/);
  });

  it('maps bytes onto the alphabet modulo 32', () => {
    const bytes = Buffer.from([0, 1, 31, 32, 33, 255, 224, 8, 23, 24, 25, 100]);
    expect(generateLicenseKey({ moduleSlug: 'crm-pro', orgId: 1, random: () => bytes })).toBe('MODLIC-CRM-1-AB9AB9AJZ23E');
  });

  it('uses an unambiguous 32-character alphabet', () => {
    expect(LICENSE_KEY_ALPHABET).toHaveLength(32);
    expect(new Set(LICENSE_KEY_ALPHABET).size).toBe(32);
    expect(LICENSE_KEY_ALPHABET).not.toMatch(/[0O1I]/);
  });

  it('asks for 12 random bytes and reads only them', () => {
    const sizes: number[] = [];
    const key = generateLicenseKey({ moduleSlug: 'crm-pro', orgId: 101, random: (n) => (sizes.push(n), Buffer.alloc(n + 4, 1)) });
    expect(sizes).toEqual([12]);
    expect(key).toBe('MODLIC-CRM-101-BBBBBBBBBBBB');
  });

  it('refuses a short random source', () => {
    expect(() => generateLicenseKey({ moduleSlug: 'crm-pro', orgId: 101, random: () => Buffer.alloc(3) })).toThrow(/expected 12/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses org id %p', (orgId) => {
    expect(() => generateLicenseKey({ moduleSlug: 'crm-pro', orgId })).toThrow(DomainError);
  });

  it('accepts a Node Buffer source such as crypto.randomBytes', () => {
    expect(isLicenseKeyFormat(generateLicenseKey({ moduleSlug: 'custom-erp', orgId: 102, random: randomBytes }), { strict: true })).toBe(
      true,
    );
  });

  it('uses crypto randomness by default: strict format, no repeats', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const key = generateLicenseKey({ moduleSlug: 'crm-pro', orgId: 101 });
      expect(isLicenseKeyFormat(key, { strict: true })).toBe(true);
      keys.add(key);
    }
    expect(keys.size).toBe(2000);
  });

  it('every generated key has the strict format', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/),
        (bytes, orgId, slug) => {
          const key = generateLicenseKey({ moduleSlug: slug, orgId, random: () => bytes });
          expect(isLicenseKeyFormat(key, { strict: true })).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('isLicenseKeyFormat', () => {
  it.each(['MODLIC-CRM-101-ABC123', 'MODLIC-ERP-102-XYZ789', 'MODLIC-CRM-102-DEF456', 'MODLIC-ANALYT-7-ABCDEFGHJKLM'])(
    'accepts %p',
    (key) => {
      expect(isLicenseKeyFormat(key)).toBe(true);
    },
  );

  it.each([
    '',
    'MODLIC-CRM-101',
    'MODLIC-CRM-101-ABC12',
    'modlic-crm-101-abc123',
    'MODLIC-TOOLONG-101-ABC123',
    'MODLIC-CRM-0101-ABC123',
    'MODLIC-CRM-0-ABC123',
    'LIC-CRM-101-ABC123',
    'MODLIC-CRM-101-ABC123 ',
    'MODLIC--101-ABC123',
  ])('refuses %p', (key) => {
    expect(isLicenseKeyFormat(key)).toBe(false);
  });

  it('strict mode refuses legacy and ambiguous keys', () => {
    expect(isLicenseKeyFormat('MODLIC-CRM-101-ABC123', { strict: true })).toBe(false);
    expect(isLicenseKeyFormat('MODLIC-CRM-101-ABCDEFGHJKLM', { strict: true })).toBe(true);
    expect(isLicenseKeyFormat('MODLIC-CRM-101-ABCDEFGHJKL0', { strict: true })).toBe(false);
    expect(isLicenseKeyFormat('MODLIC-CRM-101-ABCDEFGHJKLI', { strict: true })).toBe(false);
    expect(isLicenseKeyFormat('MODLIC-CRM-101-ABCDEFGHJKLMN', { strict: true })).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(isLicenseKeyFormat(42)).toBe(false);
    expect(isLicenseKeyFormat(null)).toBe(false);
  });
});

describe('license status machine', () => {
  const allowed: Array<[LicenseStatus, LicenseStatus]> = [
    ['pending', 'active'],
    ['pending', 'revoked'],
    ['active', 'suspended'],
    ['active', 'expired'],
    ['active', 'revoked'],
    ['suspended', 'active'],
    ['suspended', 'expired'],
    ['suspended', 'revoked'],
    ['expired', 'active'],
  ];
  const key = (from: string, to: string): string => `${from}->${to}`;
  const allowedKeys = new Set(allowed.map(([from, to]) => key(from, to)));
  const allPairs = LICENSE_STATUSES.flatMap((from) => LICENSE_STATUSES.map((to) => [from, to] as [LicenseStatus, LicenseStatus]));

  it.each(allPairs)('%s → %s', (from, to) => {
    const expected = allowedKeys.has(key(from, to));
    expect(canTransition(from, to)).toBe(expected);
    if (expected) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertTransition(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_LICENSE_TRANSITION', field: 'status' }));
    }
  });

  it('revoked is terminal and no status transitions to itself', () => {
    expect(allowedTransitions('revoked')).toEqual([]);
    for (const status of LICENSE_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('lists allowed transitions', () => {
    expect(allowedTransitions('pending')).toEqual(['active', 'revoked']);
    expect(allowedTransitions('expired')).toEqual(['active']);
  });

  it('accepts every transition of the seed status history', () => {
    for (const [from, to] of [
      ['active', 'expired'],
      ['pending', 'active'],
      ['active', 'suspended'],
      ['suspended', 'active'],
    ] as const) {
      expect(canTransition(from, to)).toBe(true);
    }
  });

  it('isLicenseStatus', () => {
    expect(isLicenseStatus('active')).toBe(true);
    expect(isLicenseStatus('ACTIVE')).toBe(false);
    expect(isLicenseStatus('cancelled')).toBe(false);
    expect(isLicenseStatus(undefined)).toBe(false);
  });

  it('isLicenseUsableAt', () => {
    const license = { status: 'active' as const, expiresAt: d('2025-03-15T00:00:00Z') };
    expect(isLicenseUsableAt(license, d('2025-03-14T23:59:59.999Z'))).toBe(true);
    expect(isLicenseUsableAt(license, d('2025-03-15T00:00:00Z'))).toBe(false);
    expect(isLicenseUsableAt({ status: 'active', expiresAt: null }, d('2999-01-01T00:00:00Z'))).toBe(true);
    for (const status of ['pending', 'suspended', 'expired', 'revoked'] as const) {
      expect(isLicenseUsableAt({ status, expiresAt: null }, d('2025-01-01T00:00:00Z'))).toBe(false);
    }
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2025-01-31T00:00:00.000Z', 1, '2025-02-28T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 1, '2024-02-29T00:00:00.000Z'],
    ['2025-03-31T00:00:00.000Z', 1, '2025-04-30T00:00:00.000Z'],
    ['2025-01-30T00:00:00.000Z', 1, '2025-02-28T00:00:00.000Z'],
    ['2025-01-28T00:00:00.000Z', 1, '2025-02-28T00:00:00.000Z'],
    ['2025-02-28T00:00:00.000Z', 1, '2025-03-28T00:00:00.000Z'],
    ['2025-01-15T13:45:30.123Z', 1, '2025-02-15T13:45:30.123Z'],
    ['2025-01-31T23:59:59.999Z', 1, '2025-02-28T23:59:59.999Z'],
    ['2025-12-31T00:00:00.000Z', 1, '2026-01-31T00:00:00.000Z'],
    ['2025-12-15T00:00:00.000Z', 2, '2026-02-15T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 12, '2025-02-28T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 48, '2028-02-29T00:00:00.000Z'],
    ['2100-01-31T00:00:00.000Z', 1, '2100-02-28T00:00:00.000Z'],
    ['2000-01-31T00:00:00.000Z', 1, '2000-02-29T00:00:00.000Z'],
    ['2025-03-31T00:00:00.000Z', -1, '2025-02-28T00:00:00.000Z'],
    ['2025-01-15T00:00:00.000Z', -1, '2024-12-15T00:00:00.000Z'],
    ['2025-05-31T00:00:00.000Z', 0, '2025-05-31T00:00:00.000Z'],
    ['0050-01-31T00:00:00.000Z', 1, '0050-02-28T00:00:00.000Z'],
  ])('%s + %i months = %s', (start, months, expected) => {
    expect(addMonthsClamped(d(start), months).toISOString()).toBe(expected);
  });

  it('does not mutate its argument', () => {
    const start = d('2025-01-31T00:00:00Z');
    addMonthsClamped(start, 1);
    expect(start.toISOString()).toBe('2025-01-31T00:00:00.000Z');
  });

  it('refuses fractional months', () => {
    expect(() => addMonthsClamped(d('2025-01-31T00:00:00Z'), 1.5)).toThrow(RangeError);
  });

  it('lands in the target month, never before the day, keeping the time', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('1970-01-01T00:00:00Z'), max: d('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -240, max: 240 }),
        (start, months) => {
          const result = addMonthsClamped(start, months);
          const monthIndex = start.getUTCFullYear() * 12 + start.getUTCMonth() + months;
          expect(result.getUTCFullYear() * 12 + result.getUTCMonth()).toBe(monthIndex);
          expect(result.getUTCDate()).toBeLessThanOrEqual(start.getUTCDate());
          expect(result.toISOString().slice(10)).toBe(start.toISOString().slice(10));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('computeExpiry', () => {
  it('reproduces the seed licenses', () => {
    // license 1: yearly, 2025-01-01 → 2026-01-01; license 3: monthly, 2025-02-15 → 2025-03-15
    expect(iso(computeExpiry(d('2025-01-01T00:00:00Z'), yearly))).toBe('2026-01-01T00:00:00.000Z');
    expect(iso(computeExpiry(d('2025-02-15T00:00:00Z'), monthly))).toBe('2025-03-15T00:00:00.000Z');
    // license 2: custom plan, no expiry
    expect(computeExpiry(d('2025-02-01T00:00:00Z'), { planType: 'custom', billingCycle: 'custom' })).toBeNull();
  });

  it('clamps month ends and leap days', () => {
    expect(iso(computeExpiry(d('2025-01-31T10:30:00Z'), monthly))).toBe('2025-02-28T10:30:00.000Z');
    expect(iso(computeExpiry(d('2024-01-31T00:00:00Z'), monthly))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(computeExpiry(d('2025-03-31T00:00:00Z'), monthly))).toBe('2025-04-30T00:00:00.000Z');
    expect(iso(computeExpiry(d('2024-02-29T00:00:00Z'), yearly))).toBe('2025-02-28T00:00:00.000Z');
    expect(iso(computeExpiry(d('2023-02-28T00:00:00Z'), yearly))).toBe('2024-02-28T00:00:00.000Z');
  });

  it.each<[BillingPlan, number | null]>([
    [{ planType: 'subscription', billingCycle: 'monthly' }, 1],
    [{ planType: 'subscription', billingCycle: 'yearly' }, 12],
    [{ planType: 'subscription', billingCycle: 'once' }, null],
    [{ planType: 'subscription', billingCycle: 'custom' }, null],
    [{ planType: 'perpetual', billingCycle: 'once' }, null],
    [{ planType: 'perpetual', billingCycle: 'yearly' }, null],
    [{ planType: 'custom', billingCycle: 'monthly' }, null],
    [{ planType: 'freemium', billingCycle: 'monthly' }, null],
    [{ planType: 'free', billingCycle: 'yearly' }, null],
  ])('%p → %p months', (plan, months) => {
    expect(billingPeriodMonths(plan)).toBe(months);
    expect(computeExpiry(d('2025-01-01T00:00:00Z'), plan) === null).toBe(months === null);
  });
});

describe('periodEnd / nextPeriod', () => {
  const anchor = d('2025-01-31T09:00:00Z');

  it('computes every period end from the anchor', () => {
    const ends = [1, 2, 3, 4, 12, 13].map((k) => iso(periodEnd(anchor, monthly, k)));
    expect(ends).toEqual([
      '2025-02-28T09:00:00.000Z',
      '2025-03-31T09:00:00.000Z',
      '2025-04-30T09:00:00.000Z',
      '2025-05-31T09:00:00.000Z',
      '2026-01-31T09:00:00.000Z',
      '2026-02-28T09:00:00.000Z',
    ]);
    expect(iso(periodEnd(d('2024-02-29T00:00:00Z'), yearly, 4))).toBe('2028-02-29T00:00:00.000Z');
    expect(periodEnd(anchor, { planType: 'perpetual', billingCycle: 'once' }, 1)).toBeNull();
  });

  it('refuses k < 1', () => {
    expect(() => periodEnd(anchor, monthly, 0)).toThrow(RangeError);
    expect(() => periodEnd(anchor, monthly, 1.5)).toThrow(RangeError);
  });

  it('chains renewals from the anchor without drifting: Jan 31 → Feb 28 → Mar 31 → Apr 30', () => {
    let expiresAt = computeExpiry(anchor, monthly) as Date;
    const seen = [iso(expiresAt)];
    for (let i = 0; i < 3; i += 1) {
      const next = nextPeriod(expiresAt, monthly, anchor);
      expect(iso(next?.startsAt)).toBe(iso(expiresAt));
      expiresAt = next?.expiresAt as Date;
      seen.push(iso(expiresAt));
    }
    expect(seen).toEqual(['2025-02-28T09:00:00.000Z', '2025-03-31T09:00:00.000Z', '2025-04-30T09:00:00.000Z', '2025-05-31T09:00:00.000Z']);
  });

  it('without the anchor, adds one period to the current expiry', () => {
    expect(iso(nextPeriod(d('2025-02-28T09:00:00Z'), monthly)?.expiresAt)).toBe('2025-03-28T09:00:00.000Z');
    expect(iso(nextPeriod(d('2025-03-15T00:00:00Z'), monthly)?.expiresAt)).toBe('2025-04-15T00:00:00.000Z'); // seed renewal 3
    expect(iso(nextPeriod(d('2026-01-01T00:00:00Z'), yearly)?.expiresAt)).toBe('2027-01-01T00:00:00.000Z');
  });

  it('yearly leap-day anchor returns to Feb 29 in leap years', () => {
    const leap = d('2024-02-29T00:00:00Z');
    const first = nextPeriod(d('2025-02-28T00:00:00Z'), yearly, leap);
    expect(iso(first?.expiresAt)).toBe('2026-02-28T00:00:00.000Z');
    const third = nextPeriod(d('2027-02-28T00:00:00Z'), yearly, leap);
    expect(iso(third?.expiresAt)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('falls back to adding a period when the current expiry is off the anchor schedule', () => {
    expect(iso(nextPeriod(d('2025-03-30T09:00:00Z'), monthly, anchor)?.expiresAt)).toBe('2025-04-30T09:00:00.000Z');
    expect(iso(nextPeriod(d('2025-03-31T10:00:00Z'), monthly, anchor)?.expiresAt)).toBe('2025-04-30T10:00:00.000Z');
    expect(iso(nextPeriod(d('2025-01-15T00:00:00Z'), monthly, anchor)?.expiresAt)).toBe('2025-02-15T00:00:00.000Z');
  });

  it('returns null for plans that do not expire', () => {
    expect(nextPeriod(d('2025-03-01T00:00:00Z'), { planType: 'perpetual', billingCycle: 'once' })).toBeNull();
  });

  it('renewals from the anchor equal periodEnd(anchor, k) for every k', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('2000-01-01T00:00:00Z'), max: d('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(monthly, yearly),
        fc.integer({ min: 1, max: 60 }),
        (start, plan, k) => {
          const current = periodEnd(start, plan, k) as Date;
          const next = nextPeriod(current, plan, start);
          expect(iso(next?.expiresAt)).toBe(iso(periodEnd(start, plan, k + 1)));
          expect(next!.expiresAt.getTime()).toBeGreaterThan(current.getTime());
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('daysUntil', () => {
  it.each([
    ['2024-12-02T00:00:00Z', '2025-01-01T00:00:00Z', 30],
    ['2024-12-02T10:00:00Z', '2025-01-01T00:00:00Z', 30],
    ['2024-12-02T00:00:00Z', '2025-01-01T23:59:59Z', 30],
    ['2025-01-01T00:00:00Z', '2025-01-01T23:59:59Z', 0],
    ['2025-01-01T23:59:59Z', '2025-01-02T00:00:00Z', 1],
    ['2025-01-02T00:00:00Z', '2025-01-01T00:00:00Z', -1],
    ['2024-02-28T00:00:00Z', '2024-03-01T00:00:00Z', 2],
    ['2025-02-28T00:00:00Z', '2025-03-01T00:00:00Z', 1],
    ['2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 365],
    ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 366],
  ])('%s → %s = %i', (from, to, days) => {
    expect(daysUntil(d(from), d(to))).toBe(days);
  });
});
