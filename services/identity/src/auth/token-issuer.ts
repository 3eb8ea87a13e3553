import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import type { AccessTokenClaims, TokenPair } from '@orbita/contracts';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '@orbita/contracts';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { SigningKeysService } from '../keys/signing-keys.service';

@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async issue(claims: AccessTokenClaims): Promise<TokenPair> {
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
    return { accessToken, tokenType: 'Bearer', expiresIn };
  }
}
