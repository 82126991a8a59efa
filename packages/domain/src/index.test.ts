import * as domain from './index';

describe('@wk/domain public API', () => {
  it('re-exports every module', () => {
    const expected = [
      'DomainError', 'isDomainError',
      'toAmount', 'parseAmount', 'isValidAmount', 'addAmounts', 'subAmounts', 'sumAmounts', 'negateAmount', 'mulRate', 'percentOf', 'compareAmounts', 'isNegative', 'isZero', 'minAmount', 'maxAmount', 'parseRate', 'formatRate', 'formatRatePercent', 'isCurrencyCode', 'money', 'formatMoney',
      'parseSemver', 'isValidSemver', 'compareSemver', 'satisfiesCoreRange', 'isValidCoreRange', 'isGreaterThanAll', 'maxSemver', 'sortSemver',
      'selectTaxRule', 'isTaxRuleInEffect', 'isValidTaxId', 'normalizeTaxId', 'isReverseCharge',
      'commissionRateAt',
      'evaluateCoupon', 'normalizeCouponCode', 'isValidCouponCode', 'validateCouponDefinition', 'COUPON_ERROR_MESSAGES',
      'computeQuote', 'MAX_CUSTOM_DAYS',
      'generateLicenseKey', 'licenseModuleCode', 'isLicenseKeyFormat', 'LICENSE_KEY_ALPHABET', 'LICENSE_STATUSES', 'isLicenseStatus', 'canTransition', 'assertTransition', 'allowedTransitions', 'isLicenseUsableAt', 'billingPeriodMonths', 'addMonthsClamped', 'computeExpiry', 'periodEnd', 'nextPeriod', 'daysUntil',
      'formatInvoiceNumber', 'parseInvoiceNumber', 'buildReceiptLines', 'REVERSE_CHARGE_NOTE',
      'computePayout', 'monthPeriod', 'previousMonth',
      'isVersionCompatibleWithCore', 'detectDependencyCycle', 'unmetDependencies',
    ];
    for (const name of expected) expect(domain).toHaveProperty(name);
  });
});
