import { loadConfig, requiredVariables } from '@orbita/platform';
import {
  composeEnvironment,
  composeInterpolatedVariables,
  loopbackDefaults,
  readEnvExample,
  resolvedComposeEnvironment,
} from '@orbita/testing';
import { notificationsConfigShape } from './config';

// docker-compose.yml must stay in step with this service's config (./config.ts).
describe('docker-compose.yml: notifications', () => {
  const environment = composeEnvironment('notifications');
  const declared = Object.keys(notificationsConfigShape);

  it('sets every variable the config requires', () => {
    const missing = requiredVariables(notificationsConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('sets only variables the config declares', () => {
    expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('overrides every default that points at the loopback interface', () => {
    const missing = loopbackDefaults(notificationsConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('passes config validation', () => {
    expect(() =>
      loadConfig(notificationsConfigShape, resolvedComposeEnvironment('notifications')),
    ).not.toThrow();
  });

  it('is documented in .env.example', () => {
    const documented = readEnvExample();
    expect([...(documented.services['notifications'] ?? [])].sort()).toEqual([...declared].sort());
    const undocumented = composeInterpolatedVariables('notifications').filter(
      (name) => !documented.compose.includes(name),
    );
    expect(undocumented).toEqual([]);
  });
});
