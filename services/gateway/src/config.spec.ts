import { loadConfig, requiredVariables } from '@orbita/platform';
import {
  composeEnvironment,
  composeInterpolatedVariables,
  loopbackDefaults,
  readEnvExample,
  resolvedComposeEnvironment,
} from '@orbita/testing';
import { gatewayConfigShape } from './config';

// docker-compose.yml must stay in step with this service's config (./config.ts).
describe('docker-compose.yml: gateway', () => {
  const environment = composeEnvironment('gateway');
  const declared = Object.keys(gatewayConfigShape);

  it('sets every variable the config requires', () => {
    const missing = requiredVariables(gatewayConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('sets only variables the config declares', () => {
    expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('overrides every default that points at the loopback interface', () => {
    const missing = loopbackDefaults(gatewayConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('passes config validation', () => {
    expect(() => loadConfig(gatewayConfigShape, resolvedComposeEnvironment('gateway'))).not.toThrow();
  });

  it('is documented in .env.example', () => {
    const documented = readEnvExample();
    expect([...(documented.services['gateway'] ?? [])].sort()).toEqual([...declared].sort());
    const undocumented = composeInterpolatedVariables('gateway').filter(
      (name) => !documented.compose.includes(name),
    );
    expect(undocumented).toEqual([]);
  });
});
