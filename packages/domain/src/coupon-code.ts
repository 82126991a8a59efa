/**
 * Coupon and referral codes: their canonical form and what a code may look like. No dependency: the web app
 * imports this file alone (`@wk/domain/dist/coupon-code`), not the package.
 */

/** The canonical form of a coupon code: trimmed and upper-cased (codes are case-insensitive). */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

const COUPON_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,31}$/;

/**
 * Whether a code (after {@link normalizeCouponCode}) is acceptable for a new coupon:
 * 3–32 letters, digits, `_` or `-`, starting with a letter or digit.
 */
export function isValidCouponCode(code: string): boolean {
  return COUPON_CODE_PATTERN.test(normalizeCouponCode(code));
}

/**
 * The cookie that keeps a referral link's code (`?ref=CODE`) for the browser session. The server sets it
 * with the page itself, so the code is kept even when the buyer moves on before the app has started.
 */
export const REFERRAL_COOKIE = 'wk_ref';

/** A referral code from a link or a cookie, in its canonical form; null unless it can be a code at all. */
export function referralCodeOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const code = normalizeCouponCode(raw);
  return COUPON_CODE_PATTERN.test(code) ? code : null;
}
