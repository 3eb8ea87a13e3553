import { z } from 'zod';
import { EmailSchema, IdSchema } from '../common';
import { defineRequest } from '../messaging/request-contract';
import { SeatTypeSchema } from '../messaging/principal';

export const LoginInputSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof LoginInputSchema>;

export const TokenPairSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const JwkSchema = z.object({
  kty: z.string(),
  kid: z.string(),
  alg: z.string(),
  use: z.string(),
  crv: z.string().optional(),
  x: z.string().optional(),
  y: z.string().optional(),
});
export type Jwk = z.infer<typeof JwkSchema>;

export const JwksSchema = z.object({ keys: z.array(JwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

export const UserViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  email: z.string(),
  displayName: z.string(),
  seat: SeatTypeSchema,
  external: z.boolean(),
  active: z.boolean(),
});
export type UserView = z.infer<typeof UserViewSchema>;

/** Issuer and audience of access tokens; the gateway and services verify both. */
export const ACCESS_TOKEN_ISSUER = 'orbita-identity';
export const ACCESS_TOKEN_AUDIENCE = 'orbita';
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

export const IdentityRequests = {
  login: defineRequest('identity.auth.login', LoginInputSchema, TokenPairSchema),
  jwks: defineRequest('identity.keys.jwks', z.object({}), JwksSchema),
  getUser: defineRequest('identity.user.get', z.object({ userId: IdSchema }), UserViewSchema),
  me: defineRequest('identity.user.me', z.object({}), UserViewSchema),
};

/** The claims of an access token; `principalFromClaims` in the platform turns them into a Principal. */
export const AccessTokenClaimsSchema = z.object({
  sub: z.string().min(1),
  org: z.string().min(1),
  orgPath: z.array(z.string().min(1)).min(1),
  roles: z.array(z.string()),
  perms: z.array(z.string()),
  seat: SeatTypeSchema,
  ext: z.boolean(),
  sid: z.string().optional(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;
