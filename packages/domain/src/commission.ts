/** A row of a vendor's commission history. */
export interface CommissionPeriod {
  /** First instant the rate applies (inclusive). */
  effectiveFrom: Date;
  /** First instant it no longer applies (exclusive), or null if open-ended. */
  effectiveTo: Date | null;
  /** Fraction of the subtotal kept by the platform, as a decimal string (`"0.30"`). */
  commissionRate: string;
}

/**
 * The commission rate in effect at instant `at`: the rate of the history row whose window
 * `[effectiveFrom, effectiveTo)` contains `at`. If several rows overlap, the one with the latest
 * `effectiveFrom` wins (the most recent decision; the later row in the list on a tie).
 * Without a matching row, `fallbackRate` (typically the vendor's current rate) is returned.
 */
export function commissionRateAt(history: readonly CommissionPeriod[], at: Date, fallbackRate: string): string {
  const time = at.getTime();
  let best: CommissionPeriod | null = null;
  for (const row of history) {
    const from = row.effectiveFrom.getTime();
    const inWindow = from <= time && (row.effectiveTo === null || time < row.effectiveTo.getTime());
    if (inWindow && (best === null || from >= best.effectiveFrom.getTime())) best = row;
  }
  return best === null ? fallbackRate : best.commissionRate;
}
