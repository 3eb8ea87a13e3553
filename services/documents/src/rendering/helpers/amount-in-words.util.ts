import { convert } from 'number-to-words-ru';
import { toKopecks } from './money.util';
import { pluralRu } from './plural.util';

export interface InWordsOptions {
  /** Start with a capital letter, as the line "Всего к оплате: Сто двадцать три рубля…" does. */
  capital?: boolean;
}

function capitalise(text: string, capital: boolean): string {
  const first = text.charAt(0);
  return (capital ? first.toUpperCase() : first.toLowerCase()) + text.slice(1);
}

/**
 * An amount in rubles written out the way Russian invoices and acts do it: rubles in words,
 * kopecks in two digits, both in the right plural, e.g. "сто двадцать три рубля 45 копеек",
 * "двадцать один рубль 00 копеек", "ноль рублей 01 копейка".
 */
export function amountInWords(value: unknown, options: InWordsOptions = {}): string {
  const kopecks = toKopecks(value);
  const abs = Math.abs(kopecks);
  const rubles = Math.trunc(abs / 100);
  const cents = abs % 100;
  // The library spells the integer part (masculine: рубль); the ruble and kopeck forms are ours.
  const words = numberInWords(rubles, 'masculine');
  const text =
    `${kopecks < 0 ? 'минус ' : ''}${words} ${pluralRu(rubles, ['рубль', 'рубля', 'рублей'])} ` +
    `${String(cents).padStart(2, '0')} ${pluralRu(cents, ['копейка', 'копейки', 'копеек'])}`;
  return capitalise(text, options.capital ?? false);
}

/** A whole number in words, e.g. a count of days in an order: "двадцать восемь". */
export function numberInWords(
  value: number,
  gender: 'masculine' | 'feminine' | 'neuter' = 'masculine',
): string {
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`Only whole numbers are written in words, not ${value}`);
  }
  const genders = { masculine: 0, feminine: 1, neuter: 2 } as const;
  const words = convert(String(Math.abs(value)), {
    currency: {
      currencyNameCases: ['', '', ''],
      fractionalPartNameCases: ['', '', ''],
      currencyNounGender: { integer: genders[gender], fractionalPart: 1 },
    },
    showNumberParts: { integer: true, fractional: false },
    showCurrency: { integer: false, fractional: false },
  }).trim();
  return `${value < 0 ? 'минус ' : ''}${words.toLowerCase()}`;
}
