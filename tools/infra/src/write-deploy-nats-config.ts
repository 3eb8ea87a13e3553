import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEPLOY_NATS_CONFIG, renderDeployNatsConfig } from './nats-auth';
import { repoRoot } from './paths';

// npm run nats:config: regenerates the container deployment's NATS configuration from the contracts.
writeFileSync(join(repoRoot, DEPLOY_NATS_CONFIG), renderDeployNatsConfig());
process.stdout.write(`Wrote ${DEPLOY_NATS_CONFIG}\n`);
