export * from './demo-data';
export * from './restaurant-chain';
export * from './demo-schedules';
