import { LocalPorts } from '@orbita/contracts';
import type { ConfigOf } from '@orbita/platform';
import { eventsConfig, httpConfig, mongoConfig, natsConfig } from '@orbita/platform';

export const tasksConfigShape = {
  ...httpConfig(LocalPorts.tasks),
  ...natsConfig,
  ...mongoConfig('orbita_tasks'),
  ...eventsConfig,
};

export type TasksConfig = ConfigOf<typeof tasksConfigShape>;
