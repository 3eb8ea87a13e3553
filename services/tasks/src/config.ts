import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { env, eventsConfig, httpConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const tasksConfigShape = {
  ...httpConfig(LocalPorts.tasks),
  ...natsConfig,
  ...mongoConfig('orbita_tasks'),
  TEMPLATE_PACK_DIR: env.string(
    'process-templates',
    'Folder of the process template pack loaded (and its changed files published) at start, relative to services/tasks unless absolute ("-" for none)',
  ),
  ...eventsConfig,
};

export type TasksConfig = ConfigOf<typeof tasksConfigShape>;
