import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, httpConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const notificationsConfigShape = {
  ...httpConfig(LocalPorts.notifications),
  ...natsConfig,
  ...mongoConfig('orbita_notifications'),
  OUTBOX_SWEEP_MS: env.int(5_000, 'How often unpublished events (left by a crash) are looked for', 100),
};

export type NotificationsConfig = ConfigOf<typeof notificationsConfigShape>;
