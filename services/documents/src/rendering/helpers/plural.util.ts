/** The Russian plural form for a count: forms are for 1, 2–4 and 5–20 ("рубль", "рубля", "рублей"). */
export function pluralRu(count: number | bigint, forms: readonly [string, string, string]): string {
  const n = BigInt(count < 0 ? -count : count);
  const lastTwo = n % 100n;
  const last = n % 10n;
  if (lastTwo >= 11n && lastTwo <= 14n) {
    return forms[2];
  }
  if (last === 1n) {
    return forms[0];
  }
  if (last >= 2n && last <= 4n) {
    return forms[1];
  }
  return forms[2];
}
