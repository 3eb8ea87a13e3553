import { z } from 'zod';
import { ConfigError, describeConfig, env, loadConfig, requiredVariables, secret } from './config';

const shape = {
  HTTP_HOST: env.string('127.0.0.1', 'bind address'),
  HTTP_PORT: env.port(3000, 'port'),
  SHUTDOWN_GRACE_MS: env.int(10_000, 'grace'),
  USE_SSL: env.bool(false, 'ssl'),
  PUBLIC_URL: env.url('http://localhost:3000', 'public url'),
  LOG_LEVEL: env.logLevel(),
  JWT_SECRET: secret(env.requiredString('signing key')),
  DB_PASSWORD: secret(env.string('dev-password', 'db password')),
};

const required = { JWT_SECRET: 's3cr3t' };

/**
 * Matches a thrown ConfigError whose problems name (at least) these variables. (@types/jest types
 * asymmetric matchers as `any`; `toThrow` takes them as they are.)
 */
function configErrorNaming(...variables: string[]): Error {
  return expect.objectContaining({
    name: 'ConfigError',
    problems: expect.arrayContaining(
      variables.map((v): unknown => expect.stringMatching(new RegExp(`^${v}: .+`))),
    ),
  }) as Error;
}

describe('loadConfig', () => {
  it('applies the defaults to everything not set', () => {
    expect(loadConfig(shape, { ...required })).toEqual({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 3000,
      SHUTDOWN_GRACE_MS: 10_000,
      USE_SSL: false,
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'info',
      JWT_SECRET: 's3cr3t',
      DB_PASSWORD: 'dev-password',
    });
  });

  it('coerces numbers from the environment strings', () => {
    const config = loadConfig(shape, { ...required, HTTP_PORT: '8080', SHUTDOWN_GRACE_MS: '0' });
    expect(config.HTTP_PORT).toBe(8080);
    expect(config.SHUTDOWN_GRACE_MS).toBe(0);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads the boolean %p as %p', (value, expected) => {
    expect(loadConfig(shape, { ...required, USE_SSL: value }).USE_SSL).toBe(expected);
  });

  it('honours a true default for booleans', () => {
    const flag = { FLAG: env.bool(true, 'flag') };
    expect(loadConfig(flag, {}).FLAG).toBe(true);
    expect(loadConfig(flag, { FLAG: 'no' }).FLAG).toBe(false);
  });

  it.each(['maybe', 'on', 'TRUE '])('rejects the boolean %p rather than guessing', (value) => {
    expect(() => loadConfig(shape, { ...required, USE_SSL: value })).toThrow(ConfigError);
  });

  it('treats an empty string as unset', () => {
    const config = loadConfig(shape, {
      ...required,
      HTTP_HOST: '',
      HTTP_PORT: '',
      USE_SSL: '',
      LOG_LEVEL: '',
    });
    expect(config.HTTP_HOST).toBe('127.0.0.1');
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.USE_SSL).toBe(false);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('reports an empty required variable as missing', () => {
    expect(() => loadConfig(shape, { JWT_SECRET: '' })).toThrow(configErrorNaming('JWT_SECRET'));
  });

  it('lists every problem at once, each naming its variable', () => {
    const load = () =>
      loadConfig(shape, {
        HTTP_HOST: 'example.org',
        HTTP_PORT: '70000',
        SHUTDOWN_GRACE_MS: 'soon',
        USE_SSL: 'maybe',
        PUBLIC_URL: 'not a url',
        LOG_LEVEL: 'loud',
      });
    expect(load).toThrow(
      configErrorNaming('HTTP_PORT', 'SHUTDOWN_GRACE_MS', 'USE_SSL', 'PUBLIC_URL', 'LOG_LEVEL', 'JWT_SECRET'),
    );
    expect(load).not.toThrow(configErrorNaming('HTTP_HOST'));
  });

  it('puts the problems into the error message', () => {
    expect(() => loadConfig(shape, { HTTP_PORT: '0' })).toThrow(
      /^Invalid configuration:\n {2}HTTP_PORT: .+\n {2}JWT_SECRET: .+$/,
    );
  });

  it.each(['0', '65536', '-1', '80.5', 'http'])('rejects the port %p', (port) => {
    expect(() => loadConfig(shape, { ...required, HTTP_PORT: port })).toThrow(ConfigError);
  });

  it('respects the minimum of an int variable', () => {
    const timeouts = { TIMEOUT_MS: env.int(5_000, 'timeout', 100) };
    expect(loadConfig(timeouts, { TIMEOUT_MS: '100' }).TIMEOUT_MS).toBe(100);
    expect(() => loadConfig(timeouts, { TIMEOUT_MS: '99' })).toThrow(ConfigError);
  });

  it('reads only the variables of its shape', () => {
    const config = loadConfig({ A: env.string('a', 'a') }, { A: 'x', OTHER: 'y', PATH: '/bin' });
    expect(config).toEqual({ A: 'x' });
  });

  it('reads process.env by default', () => {
    process.env.ORBITA_CONFIG_SPEC_VALUE = 'from-env';
    try {
      const config = loadConfig({ ORBITA_CONFIG_SPEC_VALUE: env.string('default', 'x') });
      expect(config.ORBITA_CONFIG_SPEC_VALUE).toBe('from-env');
    } finally {
      delete process.env.ORBITA_CONFIG_SPEC_VALUE;
    }
  });
});

describe('describeConfig', () => {
  it('masks secrets and shows everything else as loaded', () => {
    const config = loadConfig(shape, { ...required, DB_PASSWORD: 'hunter2', HTTP_PORT: '8080' });
    const described = describeConfig(shape, config);
    expect(described).toEqual({
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 8080,
      SHUTDOWN_GRACE_MS: 10_000,
      USE_SSL: false,
      PUBLIC_URL: 'http://localhost:3000',
      LOG_LEVEL: 'info',
      JWT_SECRET: '***',
      DB_PASSWORD: '***',
    });
    expect(JSON.stringify(described)).not.toContain('hunter2');
    expect(JSON.stringify(described)).not.toContain('s3cr3t');
  });

  it('masks a secret by its schema, not by its name', () => {
    const plain = { API_TOKEN: z.string() };
    expect(describeConfig(plain, { API_TOKEN: 'visible' })).toEqual({ API_TOKEN: 'visible' });
    const hidden = { SOMETHING: secret(z.string()) };
    expect(describeConfig(hidden, { SOMETHING: 'hidden' })).toEqual({ SOMETHING: '***' });
  });
});

describe('requiredVariables', () => {
  it('names exactly the variables without a default', () => {
    expect(requiredVariables(shape)).toEqual(['JWT_SECRET']);
    expect(
      requiredVariables({
        A: env.requiredString('a'),
        B: env.string('b', 'b'),
        C: z.string(),
        D: z.string().optional(),
      }),
    ).toEqual(['A', 'C']);
  });

  it('is empty when everything has a default', () => {
    expect(requiredVariables({ A: env.port(1, 'a'), B: env.bool(false, 'b') })).toEqual([]);
  });
});
