import { afterEach, describe, expect, it } from 'vitest';
import { storedReferral } from './referral';

const clearCookie = () => {
  document.cookie = 'wk_ref=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
};

describe('storedReferral', () => {
  afterEach(() => {
    window.sessionStorage.clear();
    clearCookie();
  });

  it('reads the code the server kept in its cookie when the app never saw the link', () => {
    expect(storedReferral()).toBeNull();
    document.cookie = 'other=1; path=/';
    document.cookie = 'wk_ref=JDREF2026; path=/';
    expect(storedReferral()).toBe('JDREF2026');
  });

  it('prefers the tab’s own code, and ignores a cookie that cannot be a code', () => {
    document.cookie = `wk_ref=${encodeURIComponent('<b>')}; path=/`;
    expect(storedReferral()).toBeNull();
    window.sessionStorage.setItem('wk.referral', 'TABCODE1');
    expect(storedReferral()).toBe('TABCODE1');
  });
});
