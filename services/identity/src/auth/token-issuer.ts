import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims, TokenPair } from '@orbita/contracts';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@orbita/contracts';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { SigningKeysService } from '../keys/signing-keys.service';
import type { StartedSession } from '../sessions/sessions.service';
import { GrantsResolver } from '../users/grants.resolver';
import type { UserDocument } from '../users/user.schema';

@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeysService,
    private readonly grants: GrantsResolver,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  /** An access token with the user's current grants, paired with the session's refresh token. */
  async issue(user: UserDocument, started: StartedSession): Promise<TokenPair> {
    const access = await this.grants.resolve(user);
    const claims: Omit<AccessTokenClaims, 'iat'> = {
      sub: user._id,
      org: user.orgId,
      orgPath: user.orgPath,
      roles: access.roles,
      grants: access.grants,
      seat: user.seat,
      ext: user.external,
      sid: started.session._id,
      // The version these grants were computed from (read with them): a later change refuses the token.
      gv: user.accessVersion ?? 0,
    };
    const key = await this.keys.signingKey();
    const expiresIn = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = jwt.sign(claims, key.privateKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: key.kid,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn,
      notBefore: 0,
      jwtid: randomUUID(),
    });
    const refreshExpiresIn = Math.max(
      1,
      Math.floor((started.session.expiresAt.getTime() - Date.now()) / 1000),
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn,
      refreshToken: started.refreshToken,
      refreshExpiresIn,
    };
  }
}
