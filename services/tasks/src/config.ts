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
  DEMO_SCHEDULES: env.bool(
    false,
    'Load the demo schedules of S1.6 (monthly invoicing of each active client) and S1.8 (contract renewals) and the demo contracts they act on, once (npm start sets it)',
  ),
  ...eventsConfig,
};

export type TasksConfig = ConfigOf<typeof tasksConfigShape>;
