/**
 * Money in documents is counted in whole kopecks, so that sums of rounded line amounts add up the
 * way an accountant adds them; numbers of the data (rubles with a fraction) are converted once.
 */

/** U+202F, the narrow no-break space Russian accounting groups thousands with: "123 456,78". */
export const GROUP_SEPARATOR = '\u202f';
/** U+2212: a minus sign, not a hyphen. */
const MINUS = '\u2212';

export type Amount = number | string;

function toNumber(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new TypeError(`${what} is not a number: ${JSON.stringify(value)}`);
  }
  return n;
}

/** Rubles (a number or numeric string) as whole kopecks, half a kopeck rounded away from zero. */
export function toKopecks(value: unknown): number {
  const rubles = toNumber(value, 'An amount');
  // toFixed(4) first: 1.005 is stored as 1.00499999…, which a bare Math.round would take down.
  const scaled = Number((Math.abs(rubles) * 100).toFixed(4));
  const kopecks = Math.round(scaled);
  if (!Number.isSafeInteger(kopecks)) {
    throw new RangeError(`The amount ${rubles} is too large`);
  }
  return rubles < 0 ? -kopecks : kopecks;
}

export function fromKopecks(kopecks: number): number {
  return kopecks / 100;
}

/** Groups the digits of a whole number by three: "1234567" → "1 234 567". */
function groupDigits(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP_SEPARATOR);
}

/** An amount as printed in Russian documents: "123 456,78", "−5,00", "0,00". */
export function formatMoney(value: unknown): string {
  const kopecks = toKopecks(value);
  const abs = Math.abs(kopecks);
  const text = `${groupDigits(String(Math.trunc(abs / 100)))},${String(abs % 100).padStart(2, '0')}`;
  return kopecks < 0 ? `${MINUS}${text}` : text;
}

/**
 * A quantity or other number: grouped by three, decimal comma, at most `maxFractionDigits` (3 by
 * default) without trailing zeros, or exactly `fractionDigits` when given: "1 250", "2,5", "0,125".
 */
export function formatNumber(
  value: unknown,
  options: { fractionDigits?: number; maxFractionDigits?: number } = {},
): string {
  const n = toNumber(value, 'A number');
  const digits = options.fractionDigits ?? options.maxFractionDigits ?? 3;
  const [whole = '0', fixed = ''] = Math.abs(n).toFixed(digits).split('.');
  const fraction = options.fractionDigits === undefined ? fixed.replace(/0+$/, '') : fixed;
  const text = groupDigits(whole) + (fraction ? `,${fraction}` : '');
  return n < 0 && /[1-9]/.test(text) ? `${MINUS}${text}` : text;
}

/** The product of a quantity and a price, rounded to kopecks (a line amount). */
export function multiplyMoney(quantity: unknown, price: unknown): number {
  const q = toNumber(quantity, 'A quantity');
  const p = toNumber(price, 'A price');
  return fromKopecks(toKopecks(Number((q * p).toFixed(6))));
}

/** Adds amounts exactly in kopecks. */
export function addMoney(...values: unknown[]): number {
  return fromKopecks(values.reduce<number>((total, value) => total + toKopecks(value), 0));
}

/** Reads a field of a row by a dotted path ("amount", "price.net"). */
function field(row: unknown, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The sum of a column of rows, in kopecks; rows without the field count as zero. */
export function sumColumn(rows: unknown, path: string): number {
  if (!Array.isArray(rows)) {
    throw new TypeError(`sum expects a list of rows, got ${typeof rows}`);
  }
  return fromKopecks(
    rows.reduce<number>((total, row) => {
      const value = field(row, path);
      return value === undefined || value === null ? total : total + toKopecks(value);
    }, 0),
  );
}

/** The sum over rows of quantity × price, each line rounded to kopecks first. */
export function sumProducts(rows: unknown, quantityPath: string, pricePath: string): number {
  if (!Array.isArray(rows)) {
    throw new TypeError(`sumProduct expects a list of rows, got ${typeof rows}`);
  }
  return addMoney(...rows.map((row) => multiplyMoney(field(row, quantityPath), field(row, pricePath))));
}
