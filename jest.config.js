// Unit specs (*.spec.ts) sit beside the code and need nothing running. Integration and end-to-end
// specs (*.int-spec.ts, *.medium-spec.ts for use cases in-process, *.e2e-spec.ts) run against real NATS, FerretDB, MinIO and an SMTP sink that
// the global setup starts on free ports (libs/testing), with the services as real processes.
const { readFileSync } = require('node:fs');

const { compilerOptions } = JSON.parse(readFileSync(`${__dirname}/tsconfig.base.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/{libs,services,tools}/*/{src,test}/**/*.int-spec.ts',
        '<rootDir>/{libs,services,tools}/*/{src,test}/**/*.medium-spec.ts',
        '<rootDir>/services/*/test/**/*.e2e-spec.ts',
      ],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration-setup.ts'],
      slowTestThreshold: 30,
    },
  ],
};
