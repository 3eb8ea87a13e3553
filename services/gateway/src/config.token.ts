/** Injection token of the gateway's validated config. */
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
