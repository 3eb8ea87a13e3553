import { generateKeyPairSync, sign } from 'node:crypto';
import { ErrorCode, describeError } from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import type { LicencePayload } from './licence-file';
import {
  generateVendorKeyPair,
  parseLicencePrivateKey,
  parseLicencePublicKey,
  signLicence,
  verifyLicence,
} from './licence-file';

const vendor = generateVendorKeyPair();
const publicKey = parseLicencePublicKey(vendor.publicKeyPem);

const payload: LicencePayload = {
  formatVersion: 1,
  licenceId: 'ORB-2026-0001',
  // Multi-byte characters too, so a flip inside a UTF-8 sequence is covered.
  licensee: 'ООО «ЭкоТранс» (EcoTrans)',
  issuedAt: '2026-01-15T09:30:00Z',
  expiresAt: '2027-01-14T23:59:59Z',
  pools: { full: 25, portal: 200 },
};
const file = signLicence(payload, vendor.privateKeyPem);
const bytes = Buffer.from(file, 'utf8');

function rejection(text: string): AppError | null {
  try {
    verifyLicence(text, publicKey);
    return null;
  } catch (err) {
    return err as AppError;
  }
}

/** The variants a verifier accepted: each should be none. */
function accepted(variants: Iterable<[string, Buffer]>): string[] {
  const out: string[] = [];
  for (const [label, variant] of variants) {
    const error = rejection(variant.toString('utf8'));
    if (!(error instanceof AppError) || error.code !== ErrorCode.LicenceInvalid) {
      out.push(label);
    }
  }
  return out;
}

describe('licence files', () => {
  it('are the pretty JSON payload followed by the signature block', () => {
    const [body, ...rest] = file.split('\n-----BEGIN ORBITA LICENCE SIGNATURE-----\n');
    expect(body).toBe(JSON.stringify(payload, null, 2));
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatch(/^[A-Za-z0-9+/]{86}==\n-----END ORBITA LICENCE SIGNATURE-----\n$/);
  });

  it('verify with the vendor key and give back the payload', () => {
    expect(verifyLicence(file, publicKey)).toEqual(payload);
    expect(verifyLicence(file, vendor.publicKeyPem)).toEqual(payload);
  });

  it('are refused when any single byte is changed', () => {
    function* flips(): Generator<[string, Buffer]> {
      for (let i = 0; i < bytes.length; i++) {
        for (const mask of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]) {
          const variant = Buffer.from(bytes);
          variant[i] = (variant[i] ?? 0) ^ mask;
          yield [`byte ${i} ^ 0x${mask.toString(16)}`, variant];
        }
      }
    }
    expect(accepted(flips())).toEqual([]);
  });

  it('are refused when a byte is deleted or inserted anywhere', () => {
    function* edits(): Generator<[string, Buffer]> {
      for (let i = 0; i < bytes.length; i++) {
        yield [`delete ${i}`, Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)])];
      }
      for (let i = 0; i <= bytes.length; i++) {
        for (const inserted of [' ', '\n', 'A', '0', '=']) {
          yield [
            `insert ${JSON.stringify(inserted)} at ${i}`,
            Buffer.concat([bytes.subarray(0, i), Buffer.from(inserted), bytes.subarray(i)]),
          ];
        }
      }
    }
    expect(accepted(edits())).toEqual([]);
  });

  it('are refused with trailing or leading additions and Windows line endings', () => {
    expect(rejection(`${file}\n`)?.code).toBe(ErrorCode.LicenceInvalid);
    expect(rejection(`\uFEFF${file}`)?.code).toBe(ErrorCode.LicenceInvalid);
    const crlf = rejection(file.replace(/\n/g, '\r\n'));
    expect(crlf?.code).toBe(ErrorCode.LicenceInvalid);
    expect(crlf?.params['reason']).toMatch(/line endings/);
  });

  it('are refused when signed by another key, with the reason in English and Russian', () => {
    const other = generateVendorKeyPair();
    const error = rejection(signLicence(payload, other.privateKeyPem));
    expect(error).toBeInstanceOf(AppError);
    expect(error?.code).toBe(ErrorCode.LicenceInvalid);
    expect(error?.message).toMatch(/^The licence file is not valid: the signature does not match/);
    expect(describeError(ErrorCode.LicenceInvalid, 'ru', error?.params)).toMatch(
      /^Файл лицензии недействителен: подпись не совпадает/,
    );
  });

  it('still verify when expired: expiry is policy, decided by the caller', () => {
    const expired = { ...payload, issuedAt: '2020-01-01T00:00:00Z', expiresAt: '2021-01-01T00:00:00Z' };
    expect(verifyLicence(signLicence(expired, vendor.privateKeyPem), publicKey)).toEqual(expired);
  });

  it('are refused when the signed contents are not a licence (a faulty issuer)', () => {
    const key = parseLicencePrivateKey(vendor.privateKeyPem);
    const signed = (body: string): string =>
      `${body}\n-----BEGIN ORBITA LICENCE SIGNATURE-----\n${sign(null, Buffer.from(body), key).toString('base64')}\n-----END ORBITA LICENCE SIGNATURE-----\n`;

    expect(rejection(signed('{"formatVersion": 1,'))!.params['reason']).toMatch(/not valid JSON/);
    expect(
      rejection(signed(JSON.stringify({ ...payload, formatVersion: 2 }, null, 2)))!.params['reason'],
    ).toMatch(/formatVersion/);
    const noPortal = { ...payload, pools: { full: 3 } };
    expect(rejection(signed(JSON.stringify(noPortal, null, 2)))!.params['reason']).toMatch(/pools\.portal/);
    // Valid JSON of a valid payload, but not as the issuer writes it (compact, reordered).
    expect(rejection(signed(JSON.stringify(payload)))!.params['reason']).toMatch(/not in the issued form/);
  });

  it('cannot be issued from an incomplete payload', () => {
    expect(() => signLicence({ ...payload, pools: { full: -1, portal: 0 } }, vendor.privateKeyPem)).toThrow(
      /pools\.full/,
    );
    expect(() => signLicence({ ...payload, expiresAt: payload.issuedAt }, vendor.privateKeyPem)).toThrow(
      /expiresAt: must be after issuedAt/,
    );
  });
});

describe('licence keys', () => {
  it('are read from PEM, also with escaped newlines as in an environment variable', () => {
    expect(parseLicencePublicKey(vendor.publicKeyPem.replace(/\n/g, '\\n')).asymmetricKeyType).toBe(
      'ed25519',
    );
    expect(parseLicencePrivateKey(vendor.privateKeyPem).asymmetricKeyType).toBe('ed25519');
  });

  it('refuse a private key where the public one belongs, other key types and garbage', () => {
    expect(() => parseLicencePublicKey(vendor.privateKeyPem)).toThrow(/public key in PEM/);
    expect(() => parseLicencePrivateKey(vendor.publicKeyPem)).toThrow(/private key in PEM/);
    expect(() => parseLicencePublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toThrow(
      /not a readable PEM key/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(() => parseLicencePublicKey(ec.toString())).toThrow(/is ec, not Ed25519/);
  });
});
