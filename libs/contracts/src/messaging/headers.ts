/** NATS and HTTP header names that carry the request context between processes. */
export const ContextHeader = {
  CorrelationId: 'x-correlation-id',
  CausationId: 'x-causation-id',
  /**
   * The caller's access token (the JWT the gateway verified), forwarded on every request made for
   * them; each service verifies it again against identity's keys and takes the principal from it.
   */
  AccessToken: 'x-access-token',
  /**
   * Formerly a principal as base64url JSON, trusted as it came. Never accepted any more: a request
   * that carries it is refused, so a hand-written principal cannot slip through.
   */
  LegacyPrincipal: 'x-principal',
  /** Accept-Language of the original HTTP request, for messages built by services. */
  Locale: 'x-locale',
} as const;
