import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, httpConfig, mongoConfig, natsConfig, secret } from '@orbita/platform';
import { z } from 'zod';

export const identityConfigShape = {
  ...httpConfig(LocalPorts.identity),
  ...natsConfig,
  ...mongoConfig('orbita_identity'),
  ACCESS_TOKEN_TTL_SECONDS: env.int(900, 'Lifetime of an access token', 30),
  REFRESH_TOKEN_TTL_DAYS: env.int(30, 'Lifetime of a session (its refresh tokens rotate within it)', 1),
  INVITATION_TTL_HOURS: env.int(168, 'How long an invitation link stays valid', 1),
  PASSWORD_RESET_TTL_MINUTES: env.int(60, 'How long a password reset link stays valid', 5),
  PUBLIC_URL: env.url(
    `http://127.0.0.1:${LocalPorts.gateway}`,
    'Where users reach the product: invitation and reset links start with it',
  ),
  KEY_ENCRYPTION_SECRET: secret(
    z
      .string()
      .min(16, 'must be at least 16 characters')
      .default('orbita-local-development-only')
      .describe('Encrypts the token signing keys at rest; set a long random value in production'),
  ),
  LICENCE_PUBLIC_KEY: env.string(
    '-',
    'PEM of the Ed25519 key licence files are verified with ("-" for the built-in vendor key)',
  ),
  LICENCE_FILE: env.string(
    '-',
    'Licence file installed at first start when none is stored ("-" for the demo licence)',
  ),
  MAINTENANCE_INTERVAL_MS: env.int(
    60_000,
    'How often seats left by crashes or expired invitations are reclaimed',
    1_000,
  ),
  OUTBOX_SWEEP_MS: env.int(5_000, 'How often unpublished events (left by a crash) are looked for', 100),
  FAILPOINT: env.string('-', 'Test-only fault injection point; never set in production ("-" for none)'),
};

export type IdentityConfig = ConfigOf<typeof identityConfigShape>;
