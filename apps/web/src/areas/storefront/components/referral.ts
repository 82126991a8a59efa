import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { REFERRAL_COOKIE, referralCodeOf } from '@wk/domain/dist/coupon-code';

const KEY = 'wk.referral';

/**
 * The referral code a buyer arrived with (`?ref=CODE`), kept for the browser session: the tab's own (set by
 * {@link ReferralCapture}), else the cookie the server set with the page (so a buyer who moves on before the
 * app has started keeps it too).
 */
export function storedReferral(): string | null {
  try {
    const kept = window.sessionStorage.getItem(KEY);
    if (kept) return kept;
  } catch {
    /* private mode: the cookie may still hold it */
  }
  const cookie = document.cookie
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${REFERRAL_COOKIE}=`));
  if (!cookie) return null;
  try {
    return referralCodeOf(decodeURIComponent(cookie.slice(REFERRAL_COOKIE.length + 1)));
  } catch {
    return null;
  }
}

/** Keeps `?ref=CODE` of any storefront page for the session, so checkout can apply it. */
export function ReferralCapture() {
  const [params] = useSearchParams();
  const ref = params.get('ref');
  useEffect(() => {
    const code = referralCodeOf(ref);
    if (!code) return;
    try {
      window.sessionStorage.setItem(KEY, code);
    } catch {
      /* private mode: the server's cookie keeps it */
    }
  }, [ref]);
  return null;
}
