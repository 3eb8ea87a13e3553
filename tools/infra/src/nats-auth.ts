import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BusPermissions } from '@orbita/contracts';
import {
  INTEGRATIONS_CONSUMER,
  SERVICE_NAMES,
  allServicePermissions,
  integrationsPermissions,
} from '@orbita/contracts';

/**
 * NATS users of an installation (ARCHITECTURE §2): one per service, limited to what its contracts
 * allow; `integrations` for outside systems, which can only read EVENTS through its own durable
 * consumer; `admin` for operators and the provisioning step (streams, the integrations consumer)
 * and for tests that observe the bus. Nobody connects without credentials.
 */
export const NATS_ADMIN_USER = 'admin';
export const NATS_INTEGRATIONS_USER = INTEGRATIONS_CONSUMER;

export const NATS_USERS: readonly string[] = [...SERVICE_NAMES, NATS_INTEGRATIONS_USER, NATS_ADMIN_USER];

/** User name → password. */
export type NatsCredentials = Record<string, string>;

/**
 * The local installation's NATS passwords, made once per data folder (random, 0600) and kept, so a
 * restart finds the same ones.
 */
export function loadOrCreateNatsCredentials(file: string): NatsCredentials {
  const existing: NatsCredentials = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as NatsCredentials)
    : {};
  let changed = false;
  for (const user of NATS_USERS) {
    if (typeof existing[user] !== 'string' || existing[user].length < 16) {
      existing[user] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(existing, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return existing;
}

/** The environment variable the deployment's NATS configuration reads a user's password from. */
export function natsPasswordVariable(user: string): string {
  return `NATS_${user.toUpperCase()}_PASSWORD`;
}

function permissionsBlock(permissions: BusPermissions, indent: string): string {
  const list = (subjects: string[]): string => subjects.map((s) => JSON.stringify(s)).join(', ');
  return [
    `${indent}permissions: {`,
    `${indent}  publish: { allow: [${list(permissions.publish)}] }`,
    `${indent}  subscribe: { allow: [${list(permissions.subscribe)}] }`,
    ...(permissions.allowResponses ? [`${indent}  allow_responses: true`] : []),
    `${indent}}`,
  ].join('\n');
}

/**
 * The `authorization` block of nats-server's configuration, generated from the contracts. With
 * `passwords` it holds the local passwords; without, each password is read from the environment
 * (`$NATS_<USER>_PASSWORD`), as the container deployment does.
 */
export function renderNatsAuthorization(passwords?: NatsCredentials): string {
  const password = (user: string): string => {
    if (!passwords) {
      return `$${natsPasswordVariable(user)}`;
    }
    const value = passwords[user];
    if (!value) {
      throw new Error(`No NATS password for ${user}`);
    }
    return JSON.stringify(value);
  };
  const users: string[] = [];
  for (const { service, permissions } of allServicePermissions()) {
    users.push(
      [
        `    {`,
        `      user: ${service}`,
        `      password: ${password(service)}`,
        permissionsBlock(permissions, '      '),
        `    }`,
      ].join('\n'),
    );
  }
  users.push(
    [
      `    {`,
      `      user: ${NATS_INTEGRATIONS_USER}`,
      `      password: ${password(NATS_INTEGRATIONS_USER)}`,
      permissionsBlock(integrationsPermissions(), '      '),
      `    }`,
    ].join('\n'),
  );
  users.push(
    [`    {`, `      user: ${NATS_ADMIN_USER}`, `      password: ${password(NATS_ADMIN_USER)}`, `    }`].join(
      '\n',
    ),
  );
  return ['authorization {', '  users: [', users.join('\n'), '  ]', '}', ''].join('\n');
}

/** Where the container deployment's NATS configuration lives (mounted by docker-compose.yml). */
export const DEPLOY_NATS_CONFIG = 'deploy/nats/nats.conf';

/** The container deployment's NATS configuration: the generated permissions, passwords from the environment. */
export function renderDeployNatsConfig(): string {
  return [
    '# NATS configuration of the container deployment (docker-compose.yml mounts it).',
    '# GENERATED from libs/contracts (who may send which request, publish which event) by',
    '# `npm run nats:config`; a unit spec fails when it is out of date. Do not edit by hand.',
    '#',
    '# Every client needs a user: one per service, `integrations` for outside systems (it reads the',
    '# EVENTS stream through the durable consumer "integrations" and can do nothing else), `admin`',
    '# for operators. Passwords come from the environment (NATS_<USER>_PASSWORD, see .env.example).',
    '#',
    '# Production: encrypt the connections. Add a tls block and use tls:// URLs in NATS_URL, e.g.',
    '#   tls { cert_file: "/etc/nats/tls/server.crt", key_file: "/etc/nats/tls/server.key" }',
    '# (mount the files; clients verify the server against the system CAs, or NODE_EXTRA_CA_CERTS).',
    '',
    renderNatsAuthorization(),
  ].join('\n');
}
