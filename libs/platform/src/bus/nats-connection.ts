import type { ConnectionOptions, NatsConnection } from 'nats';
import { connect } from 'nats';

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
