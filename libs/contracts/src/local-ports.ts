/**
 * Default ports of the local installation (tools/infra and the services' config defaults), chosen
 * away from the usual ones so a machine that already runs NATS on 4222 or MongoDB on 27017 is
 * undisturbed. Every one is overridable by environment variables.
 */
export const LocalPorts = {
  nats: 14222,
  natsMonitor: 18222,
  mongo: 27117,
  minio: 19000,
  minioConsole: 19001,
  smtp: 11025,
  mailApi: 18025,
  gateway: 13000,
  identity: 13001,
  tasks: 13002,
  documents: 13003,
  notifications: 13004,
} as const;
