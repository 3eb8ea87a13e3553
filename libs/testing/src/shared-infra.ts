import type { InfraEndpoints } from '@orbita/infra';

/**
 * The infrastructure the jest global setup started for this run, handed to test files through the
 * environment (workers are forked after the global setup and inherit it).
 */
const ENV_KEY = 'ORBITA_TEST_INFRA';

export interface SharedInfra {
  endpoints: InfraEndpoints;
  /** A folder of this run for per-test-file servers and logs. */
  dataDir: string;
}

export function publishSharedInfra(infra: SharedInfra): void {
  process.env[ENV_KEY] = JSON.stringify(infra);
}

export function sharedInfra(): SharedInfra {
  const raw = process.env[ENV_KEY];
  if (!raw) {
    throw new Error(
      'The test infrastructure is not running: integration tests run through the jest "integration" project (npm test)',
    );
  }
  return JSON.parse(raw) as SharedInfra;
}

/** Where the services of a run log the shape of their queries (see query-coverage.ts). */
export function queryLogDir(dataDir: string): string {
  return `${dataDir}/queries`;
}
