import { TestSystem } from './test-system';

// Starting a system (NATS and five services) takes seconds, and some flows wait for events.
jest.setTimeout(90_000);

afterAll(async () => {
  await TestSystem.stopAll();
});
