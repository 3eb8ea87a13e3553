import type { HelperOptions } from 'handlebars';
import { amountInWords, numberInWords } from './amount-in-words.util';
import {
  addMoney,
  formatMoney,
  formatNumber,
  fromKopecks,
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

type Helper = (...args: unknown[]) => unknown;

/** Handlebars passes its options object last; a helper sees only the values before it. */
function positional(args: unknown[]): { values: unknown[]; hash: Record<string, unknown> } {
  const options = args[args.length - 1] as HelperOptions;
  return { values: args.slice(0, -1), hash: options.hash as Record<string, unknown> };
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** "Петров Иван Сергеевич" → "Петров И. С.", the form signatures are printed in. */
export function surnameWithInitials(fullName: string): string {
  const [surname, ...names] = fullName.trim().split(/\s+/);
  if (!surname) {
    return '';
  }
  const initials = names.map((name) => `${name.charAt(0).toUpperCase()}.`).join('\u00a0');
  return initials ? `${surname}\u00a0${initials}` : surname;
}

/** "Петров Иван Сергеевич" → "И. С. Петров", the form under a signature line. */
export function initialsWithSurname(fullName: string): string {
  const [surname, ...names] = fullName.trim().split(/\s+/);
  if (!surname) {
    return '';
  }
  const initials = names.map((name) => `${name.charAt(0).toUpperCase()}.`).join('\u00a0');
  return initials ? `${initials}\u00a0${surname}` : surname;
}

/**
 * The helpers of Russian business documents. Every one returns plain text or a number, which
 * Handlebars then HTML-escapes like any other value: no helper emits markup.
 */
export function documentHelpers(timeZone: string): Record<string, Helper> {
  return {
    // Dates: "1 декабря 2026 г.", «01» декабря 2026 г., "01.12.2026", a moment with its offset.
    date: (...args) => formatDateLong(positional(args).values[0], timeZone),
    dateQuoted: (...args) => formatDateQuoted(positional(args).values[0], timeZone),
    dateNumeric: (...args) => formatDateNumeric(positional(args).values[0], timeZone),
    dateTime: (...args) => formatDateTime(positional(args).values[0], timeZone),
    daysBetween: (...args) => {
      const [from, to] = positional(args).values;
      return daysInclusive(from, to, timeZone);
    },

    // Amounts and numbers.
    money: (...args) => formatMoney(positional(args).values[0]),
    number: (...args) => {
      const { values, hash } = positional(args);
      return formatNumber(values[0], {
        ...(typeof hash['digits'] === 'number' ? { fractionDigits: hash['digits'] } : {}),
        ...(typeof hash['max'] === 'number' ? { maxFractionDigits: hash['max'] } : {}),
      });
    },
    amountInWords: (...args) => {
      const { values, hash } = positional(args);
      return amountInWords(values[0], { capital: hash['capital'] === true });
    },
    numberInWords: (...args) => {
      const { values, hash } = positional(args);
      const gender = hash['gender'];
      return numberInWords(
        Number(values[0]),
        gender === 'feminine' || gender === 'neuter' ? gender : 'masculine',
      );
    },
    plural: (...args) => {
      const [count, one, few, many] = positional(args).values;
      return pluralRu(Number(count), [
        text(one, 'plural form'),
        text(few, 'plural form'),
        text(many, 'plural form'),
      ]);
    },

    // Money arithmetic in whole kopecks.
    mul: (...args) => {
      const [quantity, price] = positional(args).values;
      return multiplyMoney(quantity, price);
    },
    add: (...args) => addMoney(...positional(args).values),
    sub: (...args) => {
      const [a, b] = positional(args).values;
      return fromKopecks(toKopecks(a) - toKopecks(b));
    },
    sum: (...args) => {
      const [rows, path] = positional(args).values;
      return sumColumn(rows, text(path, 'sum column'));
    },
    /** Rows whose field is set: `count people "acknowledgedAt"`. */
    count: (...args) => {
      const [rows, path] = positional(args).values;
      if (!Array.isArray(rows)) {
        throw new TypeError('count expects a list of rows');
      }
      const name = text(path, 'count column');
      return rows.filter((row: unknown) => {
        const value =
          row !== null && typeof row === 'object' ? (row as Record<string, unknown>)[name] : undefined;
        return value !== undefined && value !== null && value !== '';
      }).length;
    },
    sumProduct: (...args) => {
      const [rows, quantityPath, pricePath] = positional(args).values;
      return sumProducts(rows, text(quantityPath, 'quantity column'), text(pricePath, 'price column'));
    },

    // VAT: `vat amount rate included`, `net …`, `gross …`, `vatRate rate`.
    vat: (...args) => {
      const [amount, rate, included] = positional(args).values;
      return vatOf(amount, rate, included === true);
    },
    net: (...args) => {
      const [amount, rate, included] = positional(args).values;
      return netOf(amount, rate, included === true);
    },
    gross: (...args) => {
      const [amount, rate, included] = positional(args).values;
      return grossOf(amount, rate, included === true);
    },
    /** The VAT of every line (quantity × price, VAT on top at the line's rate), summed. */
    sumLineVat: (...args) => {
      const [rows, quantityPath, pricePath, ratePath] = positional(args).values;
      if (!Array.isArray(rows)) {
        throw new TypeError('sumLineVat expects a list of rows');
      }
      const field = (row: unknown, path: unknown): unknown =>
        (row as Record<string, unknown>)[text(path, 'column')];
      return addMoney(
        ...rows.map((row: unknown) =>
          vatOf(multiplyMoney(field(row, quantityPath), field(row, pricePath)), field(row, ratePath), false),
        ),
      );
    },
    vatRate: (...args) => vatRateLabel(positional(args).values[0]),

    // Names and small logic.
    initials: (...args) => surnameWithInitials(text(positional(args).values[0], 'A name')),
    signatureName: (...args) => initialsWithSurname(text(positional(args).values[0], 'A name')),
    upper: (...args) => text(positional(args).values[0], 'upper').toUpperCase(),
    /** The letters of the items of form T-6: А, Б, В… */
    letter: (...args) => 'АБВГДЕЖЗИКЛМН'.charAt(Number(positional(args).values[0])),
    inc: (...args) => Number(positional(args).values[0]) + 1,
    eq: (...args) => {
      const [a, b] = positional(args).values;
      return a === b;
    },
    ne: (...args) => {
      const [a, b] = positional(args).values;
      return a !== b;
    },
    gt: (...args) => {
      const [a, b] = positional(args).values;
      return Number(a) > Number(b);
    },
    lt: (...args) => {
      const [a, b] = positional(args).values;
      return Number(a) < Number(b);
    },
    abs: (...args) => Math.abs(Number(positional(args).values[0])),
    first: (...args) => {
      const [list] = positional(args).values;
      return Array.isArray(list) ? (list[0] as unknown) : undefined;
    },
    last: (...args) => {
      const [list] = positional(args).values;
      return Array.isArray(list) ? (list[list.length - 1] as unknown) : undefined;
    },
    and: (...args) => positional(args).values.every(Boolean),
    or: (...args) => positional(args).values.some(Boolean),
    not: (...args) => !positional(args).values[0],
    default: (...args) => {
      const [value, fallback] = positional(args).values;
      return value === undefined || value === null || value === '' ? fallback : value;
    },
  };
}
