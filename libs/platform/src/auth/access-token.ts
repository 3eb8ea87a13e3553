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
 * The kid of a token's header, or null for anything that is not a JWT with a string kid (a header
 * or payload that is not JSON included: jsonwebtoken throws on some of those).
 */
export function tokenKid(token: string): string | null {
  try {
    const decoded = jwt.decode(token, { complete: true });
    const kid: unknown = decoded?.header.kid;
    return decoded && typeof decoded.payload === 'object' && typeof kid === 'string' ? kid : null;
  } catch {
    return null;
  }
}

/** Verified tokens kept so a token used for many requests is verified once per process. */
const CACHE_SIZE = 5_000;

/**
 * Verifies an access token against identity's JWKS: signature by a known kid with ES256 only (so
 * `alg: none` and HMAC-with-the-public-key tricks fail), issuer, audience, expiry and not-before.
 * Every service verifies the token a request carries (ARCHITECTURE §2: nothing on the bus is
 * trusted because of where it came from), and documents its streamed HTTP requests.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(private readonly keys: JwksKeyStore) {}

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > Date.now()) {
      return cached.principal;
    }
    const kid = tokenKid(token);
    const key = kid === null ? null : await this.keys.getKey(kid);
    if (!key) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    let payload: unknown;
    try {
      payload = jwt.verify(token, key, accessTokenVerifyOptions);
    } catch {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const claims = AccessTokenClaimsSchema.extend({ exp: AccessTokenClaimsSchema.shape.iat }).safeParse(
      payload,
    );
    if (!claims.success) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    const principal = principalFromClaims(claims.data);
    if (this.verified.size >= CACHE_SIZE) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.verified.keys().next();
      if (!oldest.done) {
        this.verified.delete(oldest.value);
      }
    }
    this.verified.set(token, {
      principal,
      expiresAtMs: (claims.data.exp + accessTokenVerifyOptions.clockTolerance) * 1000,
    });
    return principal;
  }
}
