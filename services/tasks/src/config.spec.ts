import { loadConfig, requiredVariables } from '@orbita/platform';
import {
  composeEnvironment,
  composeInterpolatedVariables,
  loopbackDefaults,
  readEnvExample,
  resolvedComposeEnvironment,
} from '@orbita/testing';
import { tasksConfigShape } from './config';

// docker-compose.yml must stay in step with this service's config (./config.ts).
describe('docker-compose.yml: tasks', () => {
  const environment = composeEnvironment('tasks');
  const declared = Object.keys(tasksConfigShape);

  it('sets every variable the config requires', () => {
    const missing = requiredVariables(tasksConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('sets only variables the config declares', () => {
    expect(Object.keys(environment).filter((key) => !declared.includes(key))).toEqual([]);
  });

  it('overrides every default that points at the loopback interface', () => {
    const missing = loopbackDefaults(tasksConfigShape).filter((key) => !(key in environment));
    expect(missing).toEqual([]);
  });

  it('passes config validation', () => {
    expect(() => loadConfig(tasksConfigShape, resolvedComposeEnvironment('tasks'))).not.toThrow();
  });

  it('is documented in .env.example', () => {
    const documented = readEnvExample();
    expect([...(documented.services['tasks'] ?? [])].sort()).toEqual([...declared].sort());
    const undocumented = composeInterpolatedVariables('tasks').filter(
      (name) => !documented.compose.includes(name),
    );
    expect(undocumented).toEqual([]);
  });
});
