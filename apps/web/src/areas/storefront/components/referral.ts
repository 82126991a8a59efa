import { useEffect } from 'react';
import { useSearchParams } from 'react-router';

const KEY = 'wk.referral';

/** The referral code a buyer arrived with (`?ref=CODE`), kept for the browser session. */
export function storedReferral(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Keeps `?ref=CODE` of any storefront page for the session, so checkout can apply it. */
export function ReferralCapture() {
  const [params] = useSearchParams();
  const ref = params.get('ref');
  useEffect(() => {
    const code = ref?.trim().toUpperCase().slice(0, 40);
    if (!code) return;
    try {
      window.sessionStorage.setItem(KEY, code);
    } catch {
      /* private mode: the code is not kept */
    }
  }, [ref]);
  return null;
}
