import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, httpConfig, mongoConfig, natsConfig, secret } from '@orbita/platform';

export const identityConfigShape = {
  ...httpConfig(LocalPorts.identity),
  ...natsConfig,
  ...mongoConfig('orbita_identity'),
  ACCESS_TOKEN_TTL_SECONDS: env.int(900, 'Lifetime of an access token', 30),
  KEY_ENCRYPTION_SECRET: secret(
    env.string(
      'orbita-local-development-only',
      'Encrypts the token signing keys at rest; set a long random value in production',
    ),
  ),
  OUTBOX_SWEEP_MS: env.int(5_000, 'How often unpublished events (left by a crash) are looked for', 100),
};

export type IdentityConfig = ConfigOf<typeof identityConfigShape>;
