import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, httpConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const tasksConfigShape = {
  ...httpConfig(LocalPorts.tasks),
  ...natsConfig,
  ...mongoConfig('orbita_tasks'),
  OUTBOX_SWEEP_MS: env.int(5_000, 'How often unpublished events (left by a crash) are looked for', 100),
  FAILPOINT: env.string('-', 'Test-only fault injection point; never set in production ("-" for none)'),
};

export type TasksConfig = ConfigOf<typeof tasksConfigShape>;
