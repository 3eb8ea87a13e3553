import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import type { AccessTokenClaims, Principal } from '@orbita/contracts';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AccessTokenClaimsSchema,
  ErrorCode,
} from '@orbita/contracts';
import { AppError } from '../errors/app-error';
import { JwksKeyStore } from './jwks-key-store';

export function principalFromClaims(claims: AccessTokenClaims): Principal {
  const principal: Principal = {
    userId: claims.sub,
    orgId: claims.org,
    orgPath: claims.orgPath,
    roles: claims.roles,
    grants: claims.grants,
    seat: claims.seat,
    external: claims.ext,
    sessionId: claims.sid,
  };
  return principal;
}

/** The verification options every verifier uses: only our algorithm, issuer and audience; small skew. */
export const accessTokenVerifyOptions = {
  algorithms: [ACCESS_TOKEN_ALGORITHM] as jwt.Algorithm[],
  issuer: ACCESS_TOKEN_ISSUER,
  audience: ACCESS_TOKEN_AUDIENCE,
  clockTolerance: 5,
};

/**
 * Verifies an access token against identity's JWKS: signature by a known kid with ES256 only (so
 * `alg: none` and HMAC-with-the-public-key tricks fail), issuer, audience, expiry and not-before.
 * Used by services that take HTTP from the gateway directly (documents' streaming endpoints).
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(private readonly keys: JwksKeyStore) {}

  async verify(token: string): Promise<Principal> {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header.kid;
    if (!decoded || typeof kid !== 'string') {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const key = await this.keys.getKey(kid);
    if (!key) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    let payload: unknown;
    try {
      payload = jwt.verify(token, key, accessTokenVerifyOptions);
    } catch {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const claims = AccessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    return principalFromClaims(claims.data);
  }
}
