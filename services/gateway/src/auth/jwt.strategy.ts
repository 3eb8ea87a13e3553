import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '@orbita/contracts';
import { AccessTokenClaimsSchema, ErrorCode } from '@orbita/contracts';
import {
  AppError,
  JwksKeyStore,
  accessTokenVerifyOptions,
  principalFromClaims,
  tokenKid,
} from '@orbita/platform';
import { RevocationList } from './revocation-list';

/**
 * passport-jwt over identity's JWKS: the key is chosen by the token's kid, and only ES256 with our
 * issuer and audience is accepted, so `alg: none`, HMAC tricks, foreign keys, expired and
 * not-yet-valid tokens all fail. A kid that is not one of identity's (unknown, or a URL, path or
 * SQL) is refused at once, never held while keys are fetched.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: JwksKeyStore,
    private readonly revocations: RevocationList,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: accessTokenVerifyOptions.algorithms,
      issuer: accessTokenVerifyOptions.issuer,
      audience: accessTokenVerifyOptions.audience,
      // @types/passport-jwt marks this deprecated, but passport-jwt 4 passes it to jsonwebtoken and
      // it is the only way to allow for clock skew between identity and the gateway.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      jsonWebTokenOptions: { clockTolerance: accessTokenVerifyOptions.clockTolerance },
      ignoreExpiration: false,
      secretOrKeyProvider: (
        _request: unknown,
        rawToken: string,
        done: (err: unknown, key?: string) => void,
      ) => {
        const kid = tokenKid(rawToken);
        if (kid === null) {
          done(new AppError(ErrorCode.Unauthenticated));
          return;
        }
        keys.getKey(kid).then(
          (key) => {
            if (key) {
              done(null, key);
            } else {
              done(new AppError(ErrorCode.Unauthenticated));
            }
          },
          (err: unknown) => {
            done(err);
          },
        );
      },
    });
  }

  validate(payload: unknown): Principal {
    const claims = AccessTokenClaimsSchema.safeParse(payload);
    if (
      !claims.success ||
      this.revocations.isRevoked(claims.data.sid, claims.data.sub, claims.data.iat, claims.data.gv)
    ) {
      throw new AppError(ErrorCode.Unauthenticated);
    }
    return principalFromClaims(claims.data);
  }
}
