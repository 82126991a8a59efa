import { describe, expect, it } from 'vitest';
import { safeNextPath, signInPath } from './safe-next';

describe('safeNextPath (the redirect guard of /sign-in and /sign-up)', () => {
  it('accepts paths on this site, with query and hash', () => {
    expect(safeNextPath('/org/licenses')).toBe('/org/licenses');
    expect(safeNextPath('/modules?q=crm#top')).toBe('/modules?q=crm#top');
  });

  it.each([
    ['https://evil.example/phish'],
    ['//evil.example/phish'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['org/licenses'],
    [''],
  ])('refuses %j and falls back', (next) => {
    expect(safeNextPath(next, '/fallback')).toBe('/fallback');
  });

  it('refuses null and undefined', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath(undefined, '/home')).toBe('/home');
  });

  it('never sends people back to the sign-in or sign-up page (no loop)', () => {
    expect(safeNextPath('/sign-in')).toBe('/');
    expect(safeNextPath('/sign-up?next=/x')).toBe('/');
    expect(safeNextPath('/sign-in/other')).toBe('/');
    expect(safeNextPath('/sign-inside')).toBe('/sign-inside');
  });
});

describe('signInPath', () => {
  it('carries a safe next path, encoded', () => {
    expect(signInPath('/org/licenses?tab=active')).toBe('/sign-in?next=%2Forg%2Flicenses%3Ftab%3Dactive');
  });

  it('drops an unsafe or trivial next path', () => {
    expect(signInPath('//evil.example')).toBe('/sign-in');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath()).toBe('/sign-in');
  });
});
