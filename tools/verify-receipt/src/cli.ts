import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyReceiptBundle } from '@orbita/platform';

/**
 * Verifies a receipt downloaded from Orbita (GET /api/documents/{id}/receipts/{receiptId}), with
 * nothing but the file: every receipt of the chain up to it is hashed and its Ed25519 signature
 * checked with the public key in the file; --key pins that key to the fingerprint the
 * installation publishes (GET /api/documents/receipt-keys).
 *
 *   npm run verify-receipt -- receipt.json [--key <keyId>]
 */
export const USAGE = `Usage:
  verify-receipt <receipt.json> [--key <keyId>]
      Checks the receipt, its signature and the hash chain before it. --key: the fingerprint of
      the installation's published receipt key (GET /api/documents/receipt-keys), to trust no other.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Runs the command; the exit code: 0 valid, 1 not valid, 2 a usage error. */
export function run(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { key: { type: 'string' } } });
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) {
    io.err(USAGE);
    return 2;
  }
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    io.err(`Cannot read ${file} as JSON: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const result = verifyReceiptBundle(content, parsed.values.key);
  if (!result.ok || !result.receipt) {
    io.err(`NOT VALID: ${file}`);
    for (const problem of result.problems) {
      io.err(`  - ${problem}`);
    }
    return 1;
  }
  const r = result.receipt;
  io.out(
    [
      `VALID: receipt ${r.seq} of document ${r.documentId} (chain of ${r.seq}, every link checked)`,
      `  ${r.kind} by ${r.actor.name} (${r.actor.userId}, org ${r.actor.orgId}) at ${r.at}`,
      `  version ${r.version}, SHA-256 ${r.sha256}`,
      `  signed with Ed25519 key ${result.keyId ?? ''}${parsed.values.key ? ' (the trusted key)' : ' — compare it with GET /api/documents/receipt-keys'}`,
    ].join('\n'),
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  });
}
