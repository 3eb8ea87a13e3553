import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyLicence } from '@orbita/platform';
import type { CliIo } from './cli';
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, runLicenceCli } from './cli';

const NOW = new Date('2026-03-10T08:15:30.250Z');

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    now: () => NOW,
  };
}

describe('licence tool', () => {
  let dir: string;
  let keys: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'orbita-licence-'));
    keys = join(dir, 'keys');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function keygen(): void {
    expect(runLicenceCli(['keygen', '--out', keys], io())).toBe(0);
  }

  it('makes a key pair, keeping the private key private and never overwriting it', () => {
    keygen();
    expect(statSync(join(keys, PRIVATE_KEY_FILE)).mode & 0o077).toBe(0);
    expect(readFileSync(join(keys, PUBLIC_KEY_FILE), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const before = readFileSync(join(keys, PRIVATE_KEY_FILE), 'utf8');

    const again = io();
    expect(runLicenceCli(['keygen', '--out', keys], again)).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/already exists; it is not overwritten/);
    expect(readFileSync(join(keys, PRIVATE_KEY_FILE), 'utf8')).toBe(before);
  });

  it('issues a licence file that verifies with the public key', () => {
    keygen();
    const file = join(dir, 'customer.lic');
    const issued = io();
    const code = runLicenceCli(
      [
        'issue',
        '--key',
        join(keys, PRIVATE_KEY_FILE),
        '--licensee',
        'ООО «Радуга»',
        '--full',
        '40',
        '--portal',
        '500',
        '--expires',
        '2027-03-31',
        '--id',
        'ORB-RADUGA-1',
        '--out',
        file,
      ],
      issued,
    );
    expect(issued.stderr).toEqual([]);
    expect(code).toBe(0);

    expect(
      verifyLicence(readFileSync(file, 'utf8'), readFileSync(join(keys, PUBLIC_KEY_FILE), 'utf8')),
    ).toEqual({
      formatVersion: 1,
      licenceId: 'ORB-RADUGA-1',
      licensee: 'ООО «Радуга»',
      issuedAt: '2026-03-10T08:15:30Z',
      expiresAt: '2027-03-31T23:59:59Z',
      pools: { full: 40, portal: 500 },
    });

    const checked = io();
    expect(runLicenceCli(['verify', '--key', join(keys, PUBLIC_KEY_FILE), file], checked)).toBe(0);
    expect(checked.stdout.join('\n')).toContain('The signature is valid.');
    expect(checked.stdout.join('\n')).toContain('seats:    full 40, portal 500');
  });

  it('prints the licence when no output file is given, with a generated id', () => {
    keygen();
    const issued = io();
    const args = ['--licensee', 'Hotel Sever', '--full', '0', '--portal', '3', '--expires', '2026-12-31'];
    expect(runLicenceCli(['issue', '--key', join(keys, PRIVATE_KEY_FILE), ...args], issued)).toBe(0);
    const text = `${issued.stdout.join('\n')}\n`;
    const payload = verifyLicence(text, readFileSync(join(keys, PUBLIC_KEY_FILE), 'utf8'));
    expect(payload.licenceId).toMatch(/^ORB-20260310-[0-9A-F]{6}$/);
    expect(issued.stderr.join('\n')).toContain('seats:    full 0, portal 3');
  });

  it('refuses a changed licence file on verify', () => {
    keygen();
    const file = join(dir, 'a.lic');
    const args = [
      '--licensee',
      'A',
      '--full',
      '1',
      '--portal',
      '1',
      '--expires',
      '2027-01-01',
      '--out',
      file,
    ];
    expect(runLicenceCli(['issue', '--key', join(keys, PRIVATE_KEY_FILE), ...args], io())).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"full": 1', '"full": 9'));

    const checked = io();
    expect(runLicenceCli(['verify', '--key', join(keys, PUBLIC_KEY_FILE), file], checked)).toBe(1);
    expect(checked.stderr.join('\n')).toMatch(/The licence file is not valid: the signature does not match/);
  });

  it.each([
    [['issue'], /--key is required/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['keygen', '--out', '/x', '--force'], /Unknown option '--force'/],
    [
      ['issue', '--key', 'k', '--licensee', 'A', '--full', 'x1', '--expires', '2027-01-01'],
      /--full must be a whole number/,
    ],
    [
      ['issue', '--key', 'k', '--full', '1', '--portal', '1', '--expires', '2027-01-01'],
      /--licensee is required/,
    ],
    [
      ['issue', '--key', 'k', '--licensee', 'A', '--full', '1', '--portal', '1', '--expires', '2027-02-30'],
      /YYYY-MM-DD/,
    ],
    [
      ['issue', '--key', 'k', '--licensee', 'A', '--full', '1', '--portal', '1', '--expires', '2020-01-01'],
      /not in the future/,
    ],
    [['verify', '--key', 'k'], /exactly one licence file/],
  ])('explains a bad command line: %j', (argv, message) => {
    // The key path "k" does not exist: the command line is checked before any file is read.
    const result = io();
    expect(runLicenceCli(argv, result)).toBe(2);
    expect(result.stderr.join('\n')).toMatch(message);
    expect(result.stderr.join('\n')).toContain('Usage:');
  });

  it('explains unreadable and wrong keys', () => {
    keygen();
    const missing = io();
    expect(runLicenceCli(['verify', '--key', join(dir, 'nope.pem'), 'x.lic'], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/cannot read .*nope\.pem: ENOENT/);

    const swapped = io();
    expect(runLicenceCli(['verify', '--key', join(keys, PRIVATE_KEY_FILE), 'x.lic'], swapped)).toBe(1);
    expect(swapped.stderr.join('\n')).toMatch(/must be an Ed25519 public key/);
  });
});
