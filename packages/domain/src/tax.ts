/** A tax rule, as in the seed's `tax_rules` table. */
export interface TaxRule {
  id: number;
  countryCode: string;
  /** Region (state, province) the rule is limited to, or null for the whole country. */
  region: string | null;
  taxName: string;
  /** Fraction as a decimal string: `"0.20"` = 20 %. */
  taxRate: string;
  isActive: boolean;
  /** First instant the rule applies (inclusive). */
  effectiveFrom: Date;
  /** First instant the rule no longer applies (exclusive), or null if open-ended. */
  effectiveTo: Date | null;
}

/** Where an organization is billed. */
export interface TaxLocation {
  countryCode: string;
  region: string | null;
}

function normalizeCode(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toUpperCase() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Whether the rule is active and `at` lies in `[effectiveFrom, effectiveTo)`. */
export function isTaxRuleInEffect(rule: TaxRule, at: Date): boolean {
  const time = at.getTime();
  return rule.isActive && rule.effectiveFrom.getTime() <= time && (rule.effectiveTo === null || time < rule.effectiveTo.getTime());
}

/**
 * The tax rule that applies to an organization billed at `location` at instant `at`, or null.
 *
 * A rule applies when it is in effect ({@link isTaxRuleInEffect}) and its country matches;
 * a rule for the organization's region wins over a country-wide rule (region null); rules for
 * other regions never apply. Country and region compare case-insensitively. If several rules
 * of the same specificity are in effect, the one with the latest `effectiveFrom` wins (then
 * the highest id), so the result never depends on the order of `rules`.
 */
export function selectTaxRule(rules: readonly TaxRule[], location: TaxLocation, at: Date): TaxRule | null {
  const country = normalizeCode(location.countryCode);
  const region = normalizeCode(location.region);
  if (country === null) return null;

  let regional: TaxRule | null = null;
  let national: TaxRule | null = null;
  for (const rule of rules) {
    if (normalizeCode(rule.countryCode) !== country || !isTaxRuleInEffect(rule, at)) continue;
    const ruleRegion = normalizeCode(rule.region);
    if (ruleRegion === null) {
      national = newerRule(national, rule);
    } else if (region !== null && ruleRegion === region) {
      regional = newerRule(regional, rule);
    }
  }
  return regional ?? national;
}

function newerRule(current: TaxRule | null, candidate: TaxRule): TaxRule {
  if (current === null) return candidate;
  const diff = candidate.effectiveFrom.getTime() - current.effectiveFrom.getTime();
  return diff > 0 || (diff === 0 && candidate.id > current.id) ? candidate : current;
}

/**
 * National VAT number formats (after the country prefix), for the EU member states plus the
 * United Kingdom (GB) and Northern Ireland (XI). Keys are ISO 3166 country codes; Greece uses
 * the VAT prefix EL (see {@link VAT_PREFIX}).
 */
const VAT_PATTERNS: Readonly<Record<string, RegExp>> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  // Spain: a letter or digit, 7 digits, a letter or digit; first and last not both digits.
  ES: /^(?:[A-Z]\d{7}[A-Z0-9]|\d{8}[A-Z])$/,
  FI: /^\d{8}$/,
  // France: a 2-character key (digits or letters except I and O) and the 9-digit SIREN.
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  GR: /^\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  // Ireland: 7 digits + 1–2 letters (new and old style), or digit, letter/+/*, 5 digits, letter.
  IE: /^(?:\d{7}[A-W][A-IW]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(?:\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^[1-9]\d{1,9}$/,
  SE: /^\d{10}01$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  // United Kingdom: standard (9), branch (12), government departments and health authorities.
  GB: /^(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
  XI: /^(?:\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
};

/** VAT prefixes that differ from the ISO country code. */
const VAT_PREFIX: Readonly<Record<string, string>> = { GR: 'EL' };

/** Tax ids of countries without a known national format: 4–20 letters or digits. */
const GENERIC_TAX_ID = /^[A-Z0-9]{4,20}$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * The canonical form of a tax id for a country, or null if its format is invalid.
 *
 * Spaces, dots and hyphens are removed and letters upper-cased. For countries with a VAT format
 * (EU + GB/XI) the id must start with the country's VAT prefix (`FR…`; `EL…` or `GR…` for
 * Greece, normalized to `EL`) followed by the national number, so an id of another country
 * is refused. Other countries accept 4–20 letters or digits. Only the format is checked
 * (no checksum, no VIES lookup).
 */
export function normalizeTaxId(countryCode: string, taxId: string | null | undefined): string | null {
  const country = normalizeCode(countryCode);
  if (country === null || !COUNTRY_CODE.test(country) || typeof taxId !== 'string') return null;
  const compact = taxId.replace(/[\s.-]/g, '').toUpperCase();
  const pattern = VAT_PATTERNS[country];
  if (pattern === undefined) return GENERIC_TAX_ID.test(compact) ? compact : null;

  const prefix = VAT_PREFIX[country] ?? country;
  const accepted = country === 'GR' ? [prefix, country] : [prefix];
  const given = accepted.find((candidate) => compact.startsWith(candidate));
  if (given === undefined) return null;
  const national = compact.slice(given.length);
  return pattern.test(national) ? `${prefix}${national}` : null;
}

/** Whether `taxId` has a valid format for `countryCode` (see {@link normalizeTaxId}). */
export function isValidTaxId(countryCode: string, taxId: string | null | undefined): boolean {
  return normalizeTaxId(countryCode, taxId) !== null;
}

/**
 * Whether a sale is reverse-charged: the organization has a valid tax id and is billed in a
 * different country than the platform's (the buyer accounts for the tax; none is charged).
 */
export function isReverseCharge(input: { orgCountry: string; orgTaxId: string | null | undefined; platformCountry: string }): boolean {
  const orgCountry = normalizeCode(input.orgCountry);
  const platformCountry = normalizeCode(input.platformCountry);
  return orgCountry !== null && platformCountry !== null && orgCountry !== platformCountry && isValidTaxId(orgCountry, input.orgTaxId);
}
