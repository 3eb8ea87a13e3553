/**
 * The deployable services. Each is a NATS user of its own (ARCHITECTURE §2): it may subscribe to
 * the subjects of its own namespace (`<service>.…`), send only the requests whose contracts name it
 * as a caller, and publish only the events whose contracts name it as a publisher.
 */
export const SERVICE_NAMES = ['identity', 'tasks', 'documents', 'notifications', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
