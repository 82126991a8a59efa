import { formatRatePercent } from '@wk/domain';

/** A rate as a percentage number, exactly (@wk/domain): "0.0725" → "7.25", "0.20" → "20" (form inputs, chart values). */
export const ratePercent = (rate: string): string => formatRatePercent(rate).replace(/%$/, '');

/** A rate as the admin and vendor pages show it: "0.225" → "22.5 %". */
export const percent = (rate: string): string => `${ratePercent(rate)} %`;
