import { describe, expect, it } from 'vitest';
import { costOver } from './plan-cost';
import type { ModulePlan } from './types';

const plan = (over: Partial<ModulePlan>): ModulePlan =>
  ({ name: 'Plan', planType: 'subscription', billingCycle: 'monthly', price: { amount: '9.99', currency: 'USD' }, ...over }) as ModulePlan;

describe('costOver (what a plan costs over 1–3 years, to the cent)', () => {
  it('monthly: 12 payments a year, summed exactly', () => {
    expect(costOver(plan({ price: { amount: '9.99', currency: 'USD' } }), 1)).toBe('119.88');
    expect(costOver(plan({ price: { amount: '9.99', currency: 'USD' } }), 3)).toBe('359.64');
    // 0.10 × 36 in binary floats is 3.6000000000000023.
    expect(costOver(plan({ price: { amount: '0.10', currency: 'USD' } }), 3)).toBe('3.60');
  });

  it('yearly: one payment a year', () => {
    expect(costOver(plan({ billingCycle: 'yearly', price: { amount: '490.00', currency: 'EUR' } }), 1)).toBe('490.00');
    expect(costOver(plan({ billingCycle: 'yearly', price: { amount: '490.01', currency: 'EUR' } }), 3)).toBe('1470.03');
  });

  it('once: its price whatever the period', () => {
    expect(costOver(plan({ billingCycle: 'once', price: { amount: '1299.00', currency: 'USD' } }), 3)).toBe('1299.00');
  });

  it('free and freemium cost nothing; custom (per-day) plans and plans without a price have no such cost', () => {
    expect(costOver(plan({ planType: 'free', price: null }), 3)).toBe('0.00');
    expect(costOver(plan({ planType: 'freemium', price: null }), 2)).toBe('0.00');
    expect(costOver(plan({ planType: 'custom' }), 1)).toBeNull();
    expect(costOver(plan({ price: null }), 1)).toBeNull();
  });
});
