export * from './demo-data';
export * from './restaurant-chain';
