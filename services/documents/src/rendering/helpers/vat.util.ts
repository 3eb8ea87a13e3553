import { fromKopecks, toKopecks } from './money.util';

/**
 * VAT rates a document may carry: the general rate (22 % from 2026, 20 % before), the reduced
 * 10 %, the 5 % and 7 % of the simplified tax system, 0 % for exports, and "без НДС" for sellers
 * exempt from VAT.
 */
export const VatRates = [22, 20, 10, 7, 5, 0, 'без НДС'] as const;
export type VatRate = (typeof VatRates)[number];

export const NO_VAT = 'без НДС';

export function isVatRate(value: unknown): value is VatRate {
  return (VatRates as readonly unknown[]).includes(value);
}

function rateOf(value: unknown): VatRate {
  if (!isVatRate(value)) {
    throw new TypeError(`Not a VAT rate: ${JSON.stringify(value)}`);
  }
  return value;
}

/** How the rate is printed: "22 %", "0 %", "без НДС". */
export function vatRateLabel(value: unknown): string {
  const rate = rateOf(value);
  return rate === NO_VAT ? NO_VAT : `${rate}\u00a0%`;
}

/**
 * The VAT of an amount, rounded to kopecks (half away from zero): when `included`, the amount
 * already holds the VAT (amount × rate / (100 + rate)); otherwise VAT is charged on top
 * (amount × rate / 100). "без НДС" and 0 % give 0.
 */
export function vatOf(amount: unknown, rateValue: unknown, included: boolean): number {
  const rate = rateOf(rateValue);
  if (rate === NO_VAT || rate === 0) {
    return 0;
  }
  const kopecks = toKopecks(amount);
  const divisor = included ? 100 + rate : 100;
  const abs = Math.abs(kopecks);
  // Integer arithmetic: (abs × rate) / divisor rounded half up, without binary fractions.
  const vat = Math.floor((abs * rate * 2 + divisor) / (2 * divisor));
  return fromKopecks(kopecks < 0 ? -vat : vat);
}

/** The amount without VAT. */
export function netOf(amount: unknown, rate: unknown, included: boolean): number {
  return included
    ? fromKopecks(toKopecks(amount) - toKopecks(vatOf(amount, rate, true)))
    : fromKopecks(toKopecks(amount));
}

/** The amount with VAT. */
export function grossOf(amount: unknown, rate: unknown, included: boolean): number {
  return included
    ? fromKopecks(toKopecks(amount))
    : fromKopecks(toKopecks(amount) + toKopecks(vatOf(amount, rate, false)));
}
