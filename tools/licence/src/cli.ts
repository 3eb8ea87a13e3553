import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LicencePayload } from '@orbita/platform';
import {
  LICENCE_FORMAT_VERSION,
  generateVendorKeyPair,
  parseLicencePrivateKey,
  parseLicencePublicKey,
  signLicence,
  verifyLicence,
} from '@orbita/platform';

/**
 * The vendor's licence tool (docs/adr/006-licences.md):
 *
 *   npm run licence -- keygen --out <dir>
 *   npm run licence -- issue --key <private.pem> --licensee <name> --full <n> --portal <n>
 *                            --expires <YYYY-MM-DD> [--id <id>] [--out <file>]
 *   npm run licence -- verify --key <public.pem> <file>
 *
 * The private key signs licences and stays with the vendor, offline; it never goes into the
 * repository or a deployment. The public key is built into identity (or set as LICENCE_PUBLIC_KEY).
 */
export const PRIVATE_KEY_FILE = 'orbita-vendor-ed25519.pem';
export const PUBLIC_KEY_FILE = 'orbita-vendor-ed25519.pub.pem';

export const USAGE = `Usage:
  licence keygen --out <dir>
      Makes a vendor key pair: <dir>/${PRIVATE_KEY_FILE} (private, keep it offline)
      and <dir>/${PUBLIC_KEY_FILE} (public, for identity's LICENCE_PUBLIC_KEY).
  licence issue --key <private.pem> --licensee <name> --full <n> --portal <n> --expires <YYYY-MM-DD>
                [--id <id>] [--out <file>]
      Signs a licence valid until the end of the expiry day (UTC). Without --out it is printed.
  licence verify --key <public.pem> <file>
      Checks a licence file's signature and shows what it grants.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now: () => new Date(),
};

/** A mistake in the command line: reported with the usage. */
class UsageError extends Error {}

/** Runs one command; answers the process exit code (0 done, 1 failed, 2 bad command line). */
export function runLicenceCli(argv: readonly string[], io: CliIo = processIo): number {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case 'keygen':
        keygen(args, io);
        return 0;
      case 'issue':
        issue(args, io);
        return 0;
      case 'verify':
        verify(args, io);
        return 0;
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`licence: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`licence: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

function keygen(args: readonly string[], io: CliIo): void {
  const { values } = parse(args, { out: { type: 'string' } });
  const dir = resolve(required(values.out, '--out'));
  const pair = generateVendorKeyPair();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  // "wx": an existing key pair is never overwritten (that would orphan every licence it signed).
  writeNew(privatePath, pair.privateKeyPem, 0o600);
  writeNew(publicPath, pair.publicKeyPem, 0o644);
  io.out(`Private key (signs licences; keep it offline, never commit it): ${privatePath}`);
  io.out(`Public key (identity verifies with it; LICENCE_PUBLIC_KEY): ${publicPath}`);
}

function issue(args: readonly string[], io: CliIo): void {
  const { values } = parse(args, {
    key: { type: 'string' },
    licensee: { type: 'string' },
    full: { type: 'string' },
    portal: { type: 'string' },
    expires: { type: 'string' },
    id: { type: 'string' },
    out: { type: 'string' },
  });
  const keyPath = required(values.key, '--key');
  const now = io.now();
  const expiresAt = endOfDay(required(values.expires, '--expires'));
  if (Date.parse(expiresAt) <= now.getTime()) {
    throw new UsageError(`--expires ${values.expires ?? ''} is not in the future`);
  }
  const payload: LicencePayload = {
    formatVersion: LICENCE_FORMAT_VERSION,
    licenceId: values.id ?? defaultLicenceId(now),
    licensee: required(values.licensee, '--licensee'),
    issuedAt: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    expiresAt,
    pools: { full: seats(values.full, '--full'), portal: seats(values.portal, '--portal') },
  };
  // The command line is checked in full before the key is read.
  const key = parseLicencePrivateKey(readText(keyPath));
  const text = signLicence(payload, key);
  if (values.out === undefined) {
    io.out(text.slice(0, -1));
    io.err(summary(payload, now));
    return;
  }
  const path = resolve(values.out);
  writeNew(path, text, 0o644);
  io.out(`Licence written to ${path}`);
  io.out(summary(payload, now));
}

function verify(args: readonly string[], io: CliIo): void {
  const { values, positionals } = parse(args, { key: { type: 'string' } }, true);
  const keyPath = required(values.key, '--key');
  const [file] = positionals;
  if (file === undefined || positionals.length !== 1) {
    throw new UsageError('verify takes exactly one licence file');
  }
  const key = parseLicencePublicKey(readText(keyPath));
  const payload = verifyLicence(readText(file), key);
  io.out('The signature is valid.');
  io.out(summary(payload, io.now()));
}

function summary(payload: LicencePayload, now: Date): string {
  const expired = Date.parse(payload.expiresAt) <= now.getTime();
  return [
    `  licence:  ${payload.licenceId}`,
    `  licensee: ${payload.licensee}`,
    `  issued:   ${payload.issuedAt}`,
    `  expires:  ${payload.expiresAt}${expired ? ' (EXPIRED)' : ''}`,
    `  seats:    full ${payload.pools.full}, portal ${payload.pools.portal}`,
  ].join('\n');
}

type OptionSpec = Record<string, { type: 'string' }>;

function parse<O extends OptionSpec>(args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (err) {
    // parseArgs explains unknown options, missing values and stray arguments well enough.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`${name} is required`);
  }
  return value;
}

function seats(value: string | undefined, name: string): number {
  const text = required(value, name);
  if (!/^\d{1,7}$/.test(text)) {
    throw new UsageError(`${name} must be a whole number of seats (0 or more), not "${text}"`);
  }
  return Number(text);
}

/** A licence runs to the last second of its expiry day, in UTC. */
function endOfDay(date: string): string {
  const iso = `${date}T23:59:59Z`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || new Date(iso).toISOString() !== iso.replace('Z', '.000Z')) {
    throw new UsageError(`--expires must be a date as YYYY-MM-DD, not "${date}"`);
  }
  return iso;
}

function defaultLicenceId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `ORB-${day}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${errorCode(err)}`);
  }
}

function writeNew(path: string, text: string, mode: number): void {
  try {
    writeFileSync(path, text, { flag: 'wx', mode });
  } catch (err) {
    throw new Error(
      errorCode(err) === 'EEXIST'
        ? `${path} already exists; it is not overwritten`
        : `cannot write ${path}: ${errorCode(err)}`,
    );
  }
}

/** The errno code of a file system error (not `instanceof Error` checked: jest runs code in another realm). */
function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : String(err);
}

if (require.main === module) {
  process.exitCode = runLicenceCli(process.argv.slice(2));
}
