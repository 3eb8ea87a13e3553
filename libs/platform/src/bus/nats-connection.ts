import type { ConnectionOptions, NatsConnection } from 'nats';
import { connect } from 'nats';
import { inboxPrefixOf } from '@orbita/contracts';

export interface NatsSettings {
  servers: string;
  user: string;
  password: string;
  /** Connection name shown by the NATS server: the service name. */
  name: string;
}

export function natsConnectionOptions(settings: NatsSettings): ConnectionOptions {
  const options: ConnectionOptions = {
    servers: settings.servers.split(',').map((s) => s.trim()),
    name: settings.name,
    // Keep trying for ever: NATS restarts must not take the service down.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    // Answers come back on subjects only this user may subscribe to (the NATS permissions allow
    // each user its own prefix), so no other client can read them.
    inboxPrefix: inboxPrefixOf(settings.user === '-' ? settings.name : settings.user),
  };
  if (settings.user !== '-') {
    options.user = settings.user;
    options.pass = settings.password;
  }
  return options;
}

export function connectNats(settings: NatsSettings): Promise<NatsConnection> {
  return connect(natsConnectionOptions(settings));
}
