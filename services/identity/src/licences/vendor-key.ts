/**
 * The vendor's Ed25519 public key (SPKI PEM) that licence files are verified with unless
 * LICENCE_PUBLIC_KEY overrides it. Its private half signs licences with `npm run licence -- issue`;
 * the maintainers hold it offline and it is never committed (docs/adr/006-licences.md). Replacing
 * this key invalidates every licence issued with the old one, the demo licence included.
 */
export const BUILT_IN_VENDOR_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAvxS+g0FmxFiFJUAhuzeR0Ulz4U/xzNz8HZr4WHOM8mg=
-----END PUBLIC KEY-----
`;
