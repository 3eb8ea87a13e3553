import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, NO_CONTROL_CHARACTERS, schemaMessage } from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import { describeIssues, safeParseLocalised } from '../errors/validation';

/**
 * Licence files (docs/adr/006-licences.md). A licence is the payload below as pretty JSON followed
 * by a block holding the vendor's Ed25519 signature of exactly those payload bytes:
 *
 *   {                                       <- JSON.stringify(payload, null, 2)
 *     "formatVersion": 1, …
 *   }
 *   -----BEGIN ORBITA LICENCE SIGNATURE-----
 *   <base64 signature, 88 characters>
 *   -----END ORBITA LICENCE SIGNATURE-----
 *
 * Parsing is deliberately unforgiving (anchored, no trimming, canonical base64 and canonical JSON
 * only): a file is accepted in exactly one spelling, so changing any single byte of it is refused.
 */
export const LICENCE_FORMAT_VERSION = 1;

const BEGIN = '-----BEGIN ORBITA LICENCE SIGNATURE-----';
const END = '-----END ORBITA LICENCE SIGNATURE-----';
// An Ed25519 signature is 64 bytes: 86 base64 characters and "==".
const FILE_PATTERN = new RegExp(`^([\\s\\S]+)\\n${BEGIN}\\n([A-Za-z0-9+/]{86}==)\\n${END}\\n$`);

const seatCount = z.number().int().nonnegative();

/** What a licence grants. Field order is the order of the file (see canonicalPayload). */
export const LicencePayloadSchema = z
  .object({
    formatVersion: z.literal(LICENCE_FORMAT_VERSION),
    licenceId: z.string().regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      schemaMessage({
        en: 'must be 1-64 letters, digits, ".", "_" or "-"',
        ru: 'должно состоять из 1-64 латинских букв, цифр, ".", "_" или "-"',
      }),
    ),
    licensee: z
      .string()
      .min(1)
      .max(200)
      .refine(
        (value) => value.trim() === value,
        schemaMessage({
          en: 'must not start or end with spaces',
          ru: 'не должно начинаться или заканчиваться пробелами',
        }),
      )
      .refine((value) => !/\p{Cc}/u.test(value), NO_CONTROL_CHARACTERS),
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    pools: z.object({ full: seatCount, portal: seatCount }).strict(),
  })
  .strict()
  .refine((payload) => Date.parse(payload.expiresAt) > Date.parse(payload.issuedAt), {
    error: 'must be after issuedAt',
    path: ['expiresAt'],
  });

export type LicencePayload = z.infer<typeof LicencePayloadSchema>;

export interface VendorKeyPair {
  /** SPKI PEM: built into the product (or configured) to verify licence files. */
  publicKeyPem: string;
  /** PKCS#8 PEM: signs licence files; held offline by the vendor, never in the repository. */
  privateKeyPem: string;
}

export function generateVendorKeyPair(): VendorKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/**
 * The verifying key from SPKI PEM. Escaped newlines ("\n" written out, as PEM often travels in an
 * environment variable) are accepted. A private key is refused even though Node could derive the
 * public key from it: a signing key must never end up in a deployment's configuration.
 */
export function parseLicencePublicKey(pem: string): KeyObject {
  const text = unescapePem(pem);
  if (!text.includes('-----BEGIN PUBLIC KEY-----')) {
    throw AppError.validation({
      en: 'the licence key must be an Ed25519 public key in PEM (SPKI, "BEGIN PUBLIC KEY")',
      ru: 'ключ лицензии должен быть открытым ключом Ed25519 в PEM (SPKI, "BEGIN PUBLIC KEY")',
    });
  }
  return requireEd25519(() => createPublicKey({ key: text, format: 'pem' }), 'public');
}

/** The vendor's signing key from PKCS#8 PEM. */
export function parseLicencePrivateKey(pem: string): KeyObject {
  const text = unescapePem(pem);
  if (!text.includes('-----BEGIN PRIVATE KEY-----')) {
    throw AppError.validation({
      en: 'the signing key must be an Ed25519 private key in PEM (PKCS#8, "BEGIN PRIVATE KEY")',
      ru: 'ключ подписи должен быть закрытым ключом Ed25519 в PEM (PKCS#8, "BEGIN PRIVATE KEY")',
    });
  }
  return requireEd25519(() => createPrivateKey({ key: text, format: 'pem' }), 'private');
}

/** The licence file text for a payload, signed with the vendor's private key. */
export function signLicence(payload: LicencePayload, privateKey: KeyObject | string): string {
  const parsed = safeParseLocalised(LicencePayloadSchema, payload);
  if (!parsed.success) {
    const { reason } = describeIssues(parsed.error);
    throw AppError.validation({
      en: `the licence payload is incomplete: ${reason.en}`,
      ru: `содержимое лицензии неполное: ${reason.ru}`,
    });
  }
  const key = typeof privateKey === 'string' ? parseLicencePrivateKey(privateKey) : privateKey;
  const body = canonicalPayload(parsed.data);
  const signature = sign(null, Buffer.from(body, 'utf8'), key).toString('base64');
  return `${body}\n${BEGIN}\n${signature}\n${END}\n`;
}

/**
 * The payload of a licence file whose signature the key verifies. Anything else is LICENCE_INVALID
 * with the reason in English and Russian. Expiry is not checked here: it is policy, not integrity.
 */
export function verifyLicence(text: string, publicKey: KeyObject | string): LicencePayload {
  const key = typeof publicKey === 'string' ? parseLicencePublicKey(publicKey) : publicKey;
  const match = FILE_PATTERN.exec(text);
  if (!match) {
    throw text.includes('\r')
      ? invalid(
          'it has Windows line endings (CR LF); install the file exactly as issued',
          'в нём окончания строк Windows (CR LF); установите файл в том виде, в каком он выдан',
        )
      : invalid(
          'it is not an Orbita licence file, or its signature block is damaged',
          'это не файл лицензии Orbita или его блок подписи повреждён',
        );
  }
  const body = match[1] ?? '';
  const signatureText = match[2] ?? '';
  const signature = Buffer.from(signatureText, 'base64');
  // Base64 has spare bits in its last character: only the one canonical spelling is accepted.
  if (signature.toString('base64') !== signatureText) {
    throw tampered();
  }
  if (!verify(null, Buffer.from(body, 'utf8'), key, signature)) {
    throw tampered();
  }
  // Only vendor-signed text gets this far, so the checks below catch a faulty issuer, not an attacker.
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw invalid('its contents are not valid JSON', 'его содержимое не является корректным JSON');
  }
  const parsed = safeParseLocalised(LicencePayloadSchema, json);
  if (!parsed.success) {
    const { reason } = describeIssues(parsed.error);
    throw invalid(
      `its contents are not a licence: ${reason.en}`,
      `его содержимое не является лицензией: ${reason.ru}`,
    );
  }
  if (canonicalPayload(parsed.data) !== body) {
    throw invalid(
      'its contents are not in the issued form',
      'его содержимое не в том виде, в каком оно выдано',
    );
  }
  return parsed.data;
}

/** The signed bytes: fields in a fixed order, pretty-printed with two spaces. */
function canonicalPayload(payload: LicencePayload): string {
  const ordered: LicencePayload = {
    formatVersion: payload.formatVersion,
    licenceId: payload.licenceId,
    licensee: payload.licensee,
    issuedAt: payload.issuedAt,
    expiresAt: payload.expiresAt,
    pools: { full: payload.pools.full, portal: payload.pools.portal },
  };
  return JSON.stringify(ordered, null, 2);
}

function tampered(): AppError {
  return invalid(
    'the signature does not match: the file was changed or was not issued for this installation',
    'подпись не совпадает: файл изменён или выдан не для этой установки',
  );
}

function invalid(reason: string, reasonRu: string): AppError {
  return new AppError(ErrorCode.LicenceInvalid, { reason, reason_ru: reasonRu });
}

function unescapePem(pem: string): string {
  return pem.replace(/\\n/g, '\n').trim();
}

function requireEd25519(parse: () => KeyObject, kind: 'public' | 'private'): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch {
    throw AppError.validation({
      en: `the ${kind} licence key is not a readable PEM key`,
      ru: `${kind === 'public' ? 'открытый' : 'закрытый'} ключ лицензии не читается как ключ PEM`,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    const type = key.asymmetricKeyType;
    throw AppError.validation({
      en: `the ${kind} licence key is ${type ?? 'not asymmetric'}, not Ed25519`,
      ru: `${kind === 'public' ? 'открытый' : 'закрытый'} ключ лицензии — ${type ? `"${type}"` : 'не асимметричный'}, а не Ed25519`,
    });
  }
  return key;
}
