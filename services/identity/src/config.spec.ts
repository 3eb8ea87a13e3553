import { loadConfig } from '@orbita/platform';
import { composeEnvironment, describeComposeConfig, resolvedComposeEnvironment } from '@orbita/testing';
import { identityConfigShape } from './config';

// docker-compose.yml and .env.example must stay in step with this service's config (./config.ts).
describeComposeConfig('identity', identityConfigShape);

describe('docker-compose.yml: identity', () => {
  const environment = composeEnvironment('identity');
  const declared = Object.keys(identityConfigShape);

  describe('the demo seed (same image, same config)', () => {
    const seedEnvironment = composeEnvironment('seed');

    it('sets only variables the config declares', () => {
      expect(Object.keys(seedEnvironment).filter((key) => !declared.includes(key))).toEqual([]);
    });

    it('points at the same database as the service', () => {
      expect(seedEnvironment['MONGO_URL']).toBe(environment['MONGO_URL']);
      expect(seedEnvironment['MONGO_DB']).toBe(environment['MONGO_DB']);
    });

    it('passes config validation', () => {
      expect(() => loadConfig(identityConfigShape, resolvedComposeEnvironment('seed'))).not.toThrow();
    });
  });
});
