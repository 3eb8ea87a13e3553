import { loadConfig, requiredVariables } from '@orbita/platform';
import {
  composeEnvironment,
  composeInterpolatedVariables,
  loopbackDefaults,
  readEnvExample,
  resolvedComposeEnvironment,
} from '@orbita/testing';
import { identityConfigShape } from './config';

// docker-compose.yml must stay in step with this service's config (./config.ts).
describe('docker-compose.yml: identity', () => {
  const environment = composeEnvironment('identity');
  const declared = Object.keys(identityConfigShape);

  it('sets every variable the config requires', () => {
    const missing = requiredVariables(identityConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('sets only variables the config declares', () => {
    expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('overrides every default that points at the loopback interface', () => {
    const missing = loopbackDefaults(identityConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('passes config validation', () => {
    expect(() => loadConfig(identityConfigShape, resolvedComposeEnvironment('identity'))).not.toThrow();
  });

  it('is documented in .env.example', () => {
    const documented = readEnvExample();
    expect([...(documented.services['identity'] ?? [])].sort()).toEqual([...declared].sort());
    const undocumented = composeInterpolatedVariables('identity').filter(
      (name) => !documented.compose.includes(name),
    );
    expect(undocumented).toEqual([]);
  });

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
