import { isReverseCharge, isTaxRuleInEffect, isValidTaxId, normalizeTaxId, selectTaxRule, type TaxRule } from './tax';

const d = (iso: string): Date => new Date(iso);

/** The seed's tax_rules. */
const seedRules: TaxRule[] = [
  {
    id: 1,
    countryCode: 'US',
    region: 'CA',
    taxName: 'Sales Tax',
    taxRate: '0.0725',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 2,
    countryCode: 'FR',
    region: null,
    taxName: 'VAT',
    taxRate: '0.20',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 3,
    countryCode: 'GB',
    region: null,
    taxName: 'VAT',
    taxRate: '0.20',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
  {
    id: 4,
    countryCode: 'DE',
    region: null,
    taxName: 'VAT',
    taxRate: '0.19',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
  },
];

function rule(overrides: Partial<TaxRule>): TaxRule {
  return {
    id: 100,
    countryCode: 'XX',
    region: null,
    taxName: 'Tax',
    taxRate: '0.10',
    isActive: true,
    effectiveFrom: d('2024-01-01T00:00:00Z'),
    effectiveTo: null,
    ...overrides,
  };
}

const at = d('2025-02-01T00:00:00Z');

describe('isTaxRuleInEffect', () => {
  const r = rule({ effectiveFrom: d('2025-01-01T00:00:00Z'), effectiveTo: d('2025-07-01T00:00:00Z') });

  it('includes effectiveFrom and excludes effectiveTo', () => {
    expect(isTaxRuleInEffect(r, d('2024-12-31T23:59:59.999Z'))).toBe(false);
    expect(isTaxRuleInEffect(r, d('2025-01-01T00:00:00Z'))).toBe(true);
    expect(isTaxRuleInEffect(r, d('2025-06-30T23:59:59.999Z'))).toBe(true);
    expect(isTaxRuleInEffect(r, d('2025-07-01T00:00:00Z'))).toBe(false);
  });

  it('is open-ended when effectiveTo is null', () => {
    expect(isTaxRuleInEffect(rule({}), d('2999-01-01T00:00:00Z'))).toBe(true);
  });

  it('ignores inactive rules', () => {
    expect(isTaxRuleInEffect(rule({ isActive: false }), at)).toBe(false);
  });
});

describe('selectTaxRule', () => {
  it('finds the seed country-wide rules', () => {
    expect(selectTaxRule(seedRules, { countryCode: 'FR', region: null }, at)?.id).toBe(2);
    expect(selectTaxRule(seedRules, { countryCode: 'GB', region: null }, at)?.id).toBe(3);
    expect(selectTaxRule(seedRules, { countryCode: 'DE', region: 'BY' }, at)?.id).toBe(4);
  });

  it('applies a regional rule only to that region', () => {
    expect(selectTaxRule(seedRules, { countryCode: 'US', region: 'CA' }, at)?.id).toBe(1);
    expect(selectTaxRule(seedRules, { countryCode: 'US', region: 'NY' }, at)).toBeNull();
    expect(selectTaxRule(seedRules, { countryCode: 'US', region: null }, at)).toBeNull();
  });

  it('returns null when no country matches or before any rule starts', () => {
    expect(selectTaxRule(seedRules, { countryCode: 'JP', region: null }, at)).toBeNull();
    expect(selectTaxRule(seedRules, { countryCode: 'FR', region: null }, d('2023-12-31T23:59:59Z'))).toBeNull();
    expect(selectTaxRule([], { countryCode: 'FR', region: null }, at)).toBeNull();
    expect(selectTaxRule(seedRules, { countryCode: '', region: null }, at)).toBeNull();
  });

  it('compares country and region case-insensitively and ignores surrounding spaces', () => {
    expect(selectTaxRule(seedRules, { countryCode: 'us', region: 'ca' }, at)?.id).toBe(1);
    expect(selectTaxRule(seedRules, { countryCode: 'fr', region: null }, at)?.id).toBe(2);
    const lower = [rule({ id: 7, countryCode: 'us', region: 'ca ' })];
    expect(selectTaxRule(lower, { countryCode: 'US', region: 'CA' }, at)?.id).toBe(7);
  });

  it('treats an empty region as no region', () => {
    expect(selectTaxRule(seedRules, { countryCode: 'FR', region: '' }, at)?.id).toBe(2);
    const rules = [rule({ id: 8, countryCode: 'FR', region: '' })];
    expect(selectTaxRule(rules, { countryCode: 'FR', region: 'IDF' }, at)?.id).toBe(8);
  });

  it('prefers the regional rule over the country-wide one, in any order', () => {
    const national = rule({ id: 10, countryCode: 'CA', region: null, taxRate: '0.05' });
    const regional = rule({ id: 11, countryCode: 'CA', region: 'QC', taxRate: '0.14975' });
    expect(selectTaxRule([national, regional], { countryCode: 'CA', region: 'QC' }, at)?.id).toBe(11);
    expect(selectTaxRule([regional, national], { countryCode: 'CA', region: 'QC' }, at)?.id).toBe(11);
    expect(selectTaxRule([regional, national], { countryCode: 'CA', region: 'ON' }, at)?.id).toBe(10);
  });

  it('falls back to the country-wide rule when the regional one is not in effect', () => {
    const national = rule({ id: 10, countryCode: 'CA', region: null });
    const expired = rule({ id: 11, countryCode: 'CA', region: 'QC', effectiveTo: d('2025-01-01T00:00:00Z') });
    const inactive = rule({ id: 12, countryCode: 'CA', region: 'QC', isActive: false });
    expect(selectTaxRule([national, expired, inactive], { countryCode: 'CA', region: 'QC' }, at)?.id).toBe(10);
  });

  it('follows rate changes at the exact boundary', () => {
    const old = rule({
      id: 20,
      countryCode: 'FR',
      effectiveFrom: d('2024-01-01T00:00:00Z'),
      effectiveTo: d('2025-01-01T00:00:00Z'),
      taxRate: '0.196',
    });
    const current = rule({ id: 21, countryCode: 'FR', effectiveFrom: d('2025-01-01T00:00:00Z'), taxRate: '0.20' });
    const loc = { countryCode: 'FR', region: null };
    expect(selectTaxRule([old, current], loc, d('2024-12-31T23:59:59.999Z'))?.id).toBe(20);
    expect(selectTaxRule([old, current], loc, d('2025-01-01T00:00:00Z'))?.id).toBe(21);
  });

  it('with overlapping rules, the latest effectiveFrom wins, then the highest id', () => {
    const a = rule({ id: 30, countryCode: 'FR', effectiveFrom: d('2024-01-01T00:00:00Z') });
    const b = rule({ id: 31, countryCode: 'FR', effectiveFrom: d('2024-06-01T00:00:00Z') });
    const c = rule({ id: 29, countryCode: 'FR', effectiveFrom: d('2024-06-01T00:00:00Z') });
    const loc = { countryCode: 'FR', region: null };
    expect(selectTaxRule([a, b, c], loc, at)?.id).toBe(31);
    expect(selectTaxRule([c, b, a], loc, at)?.id).toBe(31);
    expect(selectTaxRule([a, b], loc, d('2024-05-31T00:00:00Z'))?.id).toBe(30);
  });
});

describe('isValidTaxId', () => {
  it.each([
    ['GB', 'GB123456789'],
    ['GB', 'GB 123 4567 89'],
    ['GB', 'gb123456789012'],
    ['GB', 'GBGD001'],
    ['GB', 'GBHA599'],
    ['FR', 'FR12345678901'],
    ['FR', 'FRAB123456789'],
    ['FR', 'FR 40 303 265 045'],
    ['FR', 'fr40303265045'],
    ['DE', 'DE123456789'],
    ['DE', 'DE-123.456.789'],
    ['IT', 'IT12345678901'],
    ['ES', 'ESX1234567X'],
    ['ES', 'ESA12345678'],
    ['ES', 'ES12345678Z'],
    ['NL', 'NL123456789B01'],
    ['BE', 'BE0123456789'],
    ['BE', 'BE1123456789'],
    ['IE', 'IE1234567T'],
    ['IE', 'IE1234567WH'],
    ['IE', 'IE1A23456T'],
    ['IE', 'IE1+23456T'],
    ['AT', 'ATU12345678'],
    ['PL', 'PL1234567890'],
    ['SE', 'SE123456789001'],
    ['GR', 'EL123456789'],
    ['GR', 'GR123456789'],
    ['XI', 'XI123456789'],
    ['US', '12-3456789'],
    ['US', 'ABCD'],
    ['JP', 'T1234567890123'],
    ['ch', 'CHE-123.456.789'],
  ])('%s %p is valid', (country, id) => {
    expect(isValidTaxId(country, id)).toBe(true);
  });

  it.each([
    ['GB', '123456789'],
    ['GB', 'GB12345678'],
    ['GB', 'GB1234567890'],
    ['GB', 'GBGD500'],
    ['FR', 'FR1234567890'],
    ['FR', 'FRIO123456789'],
    ['FR', 'FR123456789012'],
    ['FR', 'DE123456789'],
    ['FR', 'AB123456789'],
    ['DE', 'DE12345678'],
    ['DE', 'DE1234567890'],
    ['DE', 'DEA23456789'],
    ['IT', 'IT1234567890'],
    ['ES', 'ES123456789'],
    ['ES', 'ESX123456'],
    ['NL', 'NL123456789A01'],
    ['NL', 'NL123456789B1'],
    ['BE', 'BE2123456789'],
    ['BE', 'BE123456789'],
    ['IE', 'IE12345678'],
    ['IE', 'IE1234567ZZ'],
    ['AT', 'AT12345678'],
    ['AT', 'ATU1234567'],
    ['PL', 'PL123456789'],
    ['SE', 'SE123456789012'],
    ['SE', 'SE1234567890'],
    ['GR', 'GB123456789'],
    ['US', 'ABC'],
    ['US', 'A'.repeat(21)],
    ['US', 'ABC#123'],
    ['US', ''],
    ['USA', '123456789'],
    ['', 'GB123456789'],
  ])('%s %p is invalid', (country, id) => {
    expect(isValidTaxId(country, id)).toBe(false);
  });

  it('refuses missing ids', () => {
    expect(isValidTaxId('FR', null)).toBe(false);
    expect(isValidTaxId('FR', undefined)).toBe(false);
  });

  it('normalizes ids', () => {
    expect(normalizeTaxId('fr', 'fr 40 303 265 045')).toBe('FR40303265045');
    expect(normalizeTaxId('GR', 'GR123456789')).toBe('EL123456789');
    expect(normalizeTaxId('US', '12-3456789')).toBe('123456789');
    expect(normalizeTaxId('FR', 'nope')).toBeNull();
  });
});

describe('isReverseCharge', () => {
  it('applies to an org with a valid tax id in another country', () => {
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: 'FR40303265045', platformCountry: 'US' })).toBe(true);
    expect(isReverseCharge({ orgCountry: 'GB', orgTaxId: 'GB123456789', platformCountry: 'US' })).toBe(true);
    expect(isReverseCharge({ orgCountry: 'fr', orgTaxId: 'FR40303265045', platformCountry: 'us' })).toBe(true);
  });

  it('does not apply without a valid tax id', () => {
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: null, platformCountry: 'US' })).toBe(false);
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: '', platformCountry: 'US' })).toBe(false);
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: 'FR123', platformCountry: 'US' })).toBe(false);
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: 'DE123456789', platformCountry: 'US' })).toBe(false);
  });

  it('does not apply in the platform country', () => {
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: 'FR40303265045', platformCountry: 'FR' })).toBe(false);
    expect(isReverseCharge({ orgCountry: 'US', orgTaxId: '12-3456789', platformCountry: 'us' })).toBe(false);
  });

  it('does not apply with missing countries', () => {
    expect(isReverseCharge({ orgCountry: '', orgTaxId: '12-3456789', platformCountry: 'US' })).toBe(false);
    expect(isReverseCharge({ orgCountry: 'FR', orgTaxId: 'FR40303265045', platformCountry: '' })).toBe(false);
  });
});
