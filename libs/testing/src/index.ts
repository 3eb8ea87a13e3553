export * from './eventually';
export * from './shared-infra';
export * from './test-system';
export * from './http-client';
export * from './compose';
export * from './mailpit';
