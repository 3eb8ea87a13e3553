import { amountInWords, numberInWords } from './amount-in-words.util';
import {
  addMoney,
  formatMoney,
  formatNumber,
  multiplyMoney,
  sumColumn,
  sumProducts,
  toKopecks,
} from './money.util';
import { pluralRu } from './plural.util';
import {
  daysInclusive,
  formatDateLong,
  formatDateNumeric,
  formatDateQuoted,
  formatDateTime,
} from './ru-date.util';
import { grossOf, netOf, vatOf, vatRateLabel } from './vat.util';
import { initialsWithSurname, surnameWithInitials } from './document-helpers';

const NNBSP = '\u202f';
const MSK = 'Europe/Moscow';

describe('pluralRu', () => {
  const rub = ['рубль', 'рубля', 'рублей'] as const;
  it.each([
    [1, 'рубль'],
    [2, 'рубля'],
    [4, 'рубля'],
    [5, 'рублей'],
    [11, 'рублей'],
    [12, 'рублей'],
    [14, 'рублей'],
    [21, 'рубль'],
    [22, 'рубля'],
    [25, 'рублей'],
    [111, 'рублей'],
    [101, 'рубль'],
    [0, 'рублей'],
  ])('%i → %s', (n, form) => {
    expect(pluralRu(n, rub)).toBe(form);
  });
});

describe('amountInWords', () => {
  it.each([
    [1, 'один рубль 00 копеек'],
    [2, 'два рубля 00 копеек'],
    [5, 'пять рублей 00 копеек'],
    [11, 'одиннадцать рублей 00 копеек'],
    [21, 'двадцать один рубль 00 копеек'],
    [123.45, 'сто двадцать три рубля 45 копеек'],
    [0.01, 'ноль рублей 01 копейка'],
    [0.02, 'ноль рублей 02 копейки'],
    [0.05, 'ноль рублей 05 копеек'],
    [0.11, 'ноль рублей 11 копеек'],
    [0.21, 'ноль рублей 21 копейка'],
    [0, 'ноль рублей 00 копеек'],
    [1000, 'одна тысяча рублей 00 копеек'],
    [2_000_000.02, 'два миллиона рублей 02 копейки'],
    [
      1_234_567_890.99,
      'один миллиард двести тридцать четыре миллиона пятьсот шестьдесят семь тысяч восемьсот девяносто рублей 99 копеек',
    ],
  ])('%d → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('starts with a capital letter when asked, as the total line of an invoice does', () => {
    expect(amountInWords(187_090.66, { capital: true })).toBe(
      'Сто восемьдесят семь тысяч девяносто рублей 66 копеек',
    );
  });

  it('rounds to kopecks half away from zero, and takes numeric strings', () => {
    expect(amountInWords(1.005)).toBe('один рубль 01 копейка');
    expect(amountInWords('42.5')).toBe('сорок два рубля 50 копеек');
  });

  it('writes a negative amount with "минус"', () => {
    expect(amountInWords(-5.5)).toBe('минус пять рублей 50 копеек');
  });

  it('refuses what is not a number', () => {
    expect(() => amountInWords('abc')).toThrow(TypeError);
    expect(() => amountInWords(Number.NaN)).toThrow(TypeError);
  });

  it('writes counts in words in the gender asked for', () => {
    expect(numberInWords(21)).toBe('двадцать один');
    expect(numberInWords(2, 'feminine')).toBe('две');
    expect(numberInWords(0)).toBe('ноль');
  });
});

describe('money and numbers', () => {
  it('groups thousands with narrow no-break spaces and uses a decimal comma', () => {
    expect(formatMoney(123_456.78)).toBe(`123${NNBSP}456,78`);
    expect(formatMoney(1_234_567_890.5)).toBe(`1${NNBSP}234${NNBSP}567${NNBSP}890,50`);
    expect(formatMoney(999)).toBe('999,00');
    expect(formatMoney(0)).toBe('0,00');
    expect(formatMoney(-1500)).toBe(`\u22121${NNBSP}500,00`);
  });

  it('formats quantities without trailing zeros unless the digits are fixed', () => {
    expect(formatNumber(1250)).toBe(`1${NNBSP}250`);
    expect(formatNumber(2.5)).toBe('2,5');
    expect(formatNumber(0.125)).toBe('0,125');
    expect(formatNumber(3, { fractionDigits: 2 })).toBe('3,00');
    expect(formatNumber(1.23456, { maxFractionDigits: 2 })).toBe('1,23');
  });

  it('counts in kopecks, so that 0.1 + 0.2 is 0.30', () => {
    expect(addMoney(0.1, 0.2)).toBe(0.3);
    expect(toKopecks(19.99)).toBe(1999);
    expect(multiplyMoney(3, 0.1)).toBe(0.3);
    expect(multiplyMoney(1.5, 33.33)).toBe(50);
  });

  it('sums a column and the rounded products of two', () => {
    const rows = [
      { amount: 10.1, quantity: 3, price: 0.335 },
      { amount: 20.2, quantity: 1, price: 1 },
      { quantity: 2, price: 0.005 },
    ];
    expect(sumColumn(rows, 'amount')).toBe(30.3);
    // 3 × 0.335 = 1.005 → 1.01; 1; 2 × 0.005 = 0.01.
    expect(sumProducts(rows, 'quantity', 'price')).toBe(2.02);
    expect(sumColumn([], 'amount')).toBe(0);
    expect(() => sumColumn('x', 'amount')).toThrow(TypeError);
  });
});

describe('VAT', () => {
  it('takes VAT out of an amount that includes it, rounded to kopecks', () => {
    expect(vatOf(120, 20, true)).toBe(20);
    expect(vatOf(1000, 20, true)).toBe(166.67);
    expect(vatOf(1000, 10, true)).toBe(90.91);
    expect(vatOf(122, 22, true)).toBe(22);
    expect(netOf(1000, 20, true)).toBe(833.33);
    expect(grossOf(1000, 20, true)).toBe(1000);
  });

  it('charges VAT on top of an amount without it', () => {
    expect(vatOf(100, 20, false)).toBe(20);
    expect(vatOf(153_353, 22, false)).toBe(33_737.66);
    expect(vatOf(0.05, 10, false)).toBe(0.01);
    expect(grossOf(100, 20, false)).toBe(120);
    expect(netOf(100, 20, false)).toBe(100);
  });

  it('gives no VAT at 0 % or without VAT', () => {
    expect(vatOf(1000, 0, false)).toBe(0);
    expect(vatOf(1000, 'без НДС', true)).toBe(0);
    expect(grossOf(1000, 'без НДС', false)).toBe(1000);
  });

  it('labels the rate and refuses an unknown one', () => {
    expect(vatRateLabel(22)).toBe('22\u00a0%');
    expect(vatRateLabel(0)).toBe('0\u00a0%');
    expect(vatRateLabel('без НДС')).toBe('без НДС');
    expect(() => vatOf(100, 18, true)).toThrow(TypeError);
  });
});

describe('dates', () => {
  it('writes a calendar date the Russian way', () => {
    expect(formatDateLong('2026-12-01', MSK)).toBe('1 декабря 2026 г.');
    expect(formatDateLong('2026-05-09', MSK)).toBe('9 мая 2026 г.');
    expect(formatDateQuoted('2026-03-01', MSK)).toBe('«01» марта 2026 г.');
    expect(formatDateNumeric('2026-01-05', MSK)).toBe('05.01.2026');
  });

  it('reads an instant in the documents time zone: midnight in Moscow stays that day', () => {
    const moscowMidnight = new Date('2026-12-01T00:00:00+03:00');
    expect(formatDateLong(moscowMidnight, MSK)).toBe('1 декабря 2026 г.');
    expect(formatDateLong(moscowMidnight, 'UTC')).toBe('30 ноября 2026 г.');
  });

  it('writes a moment with its offset', () => {
    expect(formatDateTime('2026-12-01T08:42:17Z', MSK)).toBe('01.12.2026 11:42:17 (UTC+03:00)');
    expect(formatDateTime('2026-12-01T08:42:17Z', 'UTC')).toBe('01.12.2026 08:42:17 (UTC+00:00)');
  });

  it('counts days with both ends included', () => {
    expect(daysInclusive('2026-12-14', '2026-12-27', MSK)).toBe(14);
    expect(daysInclusive('2026-02-28', '2026-03-01', MSK)).toBe(2);
  });

  it('refuses what is not a date', () => {
    expect(() => formatDateLong('tomorrow', MSK)).toThrow(TypeError);
    expect(() => formatDateLong(undefined, MSK)).toThrow(TypeError);
  });
});

describe('names', () => {
  it('shortens a full name for signatures', () => {
    expect(surnameWithInitials('Петров Иван Сергеевич')).toBe('Петров\u00a0И.\u00a0С.');
    expect(initialsWithSurname('Петров Иван Сергеевич')).toBe('И.\u00a0С.\u00a0Петров');
    expect(surnameWithInitials('Петров')).toBe('Петров');
  });
});
