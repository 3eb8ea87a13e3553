export * from './paths';
export * from './ports';
export * from './wait';
export * from './managed-process';
export * from './local-infra';
export * from './nats-auth';
export * from './watchdog-launcher';
