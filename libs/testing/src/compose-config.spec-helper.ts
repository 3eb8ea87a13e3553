import type { ConfigShape } from '@orbita/platform';
import { loadConfig, requiredVariables } from '@orbita/platform';
import {
  composeEnvironment,
  composeInterpolatedVariables,
  loopbackDefaults,
  readEnvExample,
  resolvedComposeEnvironment,
} from './compose';

/**
 * The checks that keep docker-compose.yml and .env.example in step with a service's config
 * (services/<name>/src/config.ts), as one jest describe block each service's config.spec.ts runs.
 */
export function describeComposeConfig(service: string, shape: ConfigShape): void {
  describe(`docker-compose.yml: ${service}`, () => {
    const environment = composeEnvironment(service);
    const declared = Object.keys(shape);

    it('sets every variable the config requires', () => {
      expect(requiredVariables(shape).filter((key) => !(key in environment))).toEqual([]);
    });

    it('sets only variables the config declares', () => {
      expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
    });

    it('overrides every default that points at the loopback interface', () => {
      expect(loopbackDefaults(shape).filter((key) => !(key in environment))).toEqual([]);
    });

    it('passes config validation', () => {
      expect(() => loadConfig(shape, resolvedComposeEnvironment(service))).not.toThrow();
    });

    it('is documented in .env.example', () => {
      const documented = readEnvExample();
      expect([...(documented.services[service] ?? [])].sort()).toEqual([...declared].sort());
      expect(
        composeInterpolatedVariables(service).filter((name) => !documented.compose.includes(name)),
      ).toEqual([]);
    });
  });
}
