/** Injection tokens of the platform module. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const CLOCK = Symbol('CLOCK');
export const ID_GENERATOR = Symbol('ID_GENERATOR');
