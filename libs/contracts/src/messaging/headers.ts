/** NATS and HTTP header names that carry the request context between processes. */
export const ContextHeader = {
  CorrelationId: 'x-correlation-id',
  CausationId: 'x-causation-id',
  /** base64url(JSON(Principal)); set only by trusted callers (the gateway, services). */
  Principal: 'x-principal',
  /** Accept-Language of the original HTTP request, for messages built by services. */
  Locale: 'x-locale',
} as const;
