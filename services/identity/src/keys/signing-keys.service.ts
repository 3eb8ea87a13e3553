import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Connection, Model } from 'mongoose';
import type { Jwk, Jwks, Principal } from '@orbita/contracts';
import { ACCESS_TOKEN_ALGORITHM, Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, MONGO_CONNECTION, requirePermission } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { decryptSecretText, encryptSecretText } from './key-encryption.util';
import type { SigningKeyDocument } from './signing-key.schema';
import { SigningKeySchema } from './signing-key.schema';

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * The asymmetric keys access tokens are signed with (ES256, P-256). The first start makes one; the
 * newest unretired key signs, every unretired key is published in the JWKS, so rotation is: add a
 * key, then retire the old one once its tokens have expired.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly model: Model<SigningKeyDocument>;
  private active: ActiveSigningKey | null = null;

  constructor(
    @Inject(MONGO_CONNECTION) connection: Connection,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.model = connection.model<SigningKeyDocument>('SigningKey', SigningKeySchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
    const newest = await this.newestUnretired();
    if (!newest) {
      await this.rotate();
    }
  }

  /**
   * Key rotation by an admin: a new key signs from now on; older keys stay in the JWKS until the
   * last token they signed has expired, then drop out.
   */
  async rotateBy(principal: Principal): Promise<{ kid: string }> {
    requirePermission(principal, Permission.KeysManage, [principal.orgPath[0] ?? principal.orgId]);
    const retireAt = new Date(
      this.clock.now().getTime() + (this.config.ACCESS_TOKEN_TTL_SECONDS + 60) * 1000,
    );
    const kid = await this.rotate();
    await this.model.updateMany({ _id: { $ne: kid }, retiredAt: null }, { $set: { retiredAt: retireAt } });
    return { kid };
  }

  /** Adds a new signing key; tokens signed with older unretired keys stay valid. */
  async rotate(): Promise<string> {
    const kid = randomUUID();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const publicJwk: Jwk = {
      kty: 'EC',
      crv: jwk.crv,
      x: jwk.x,
      y: jwk.y,
      kid,
      alg: ACCESS_TOKEN_ALGORITHM,
      use: 'sig',
    };
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await this.model.create({
      _id: kid,
      encryptedPrivateKey: encryptSecretText(pem, this.config.KEY_ENCRYPTION_SECRET),
      publicJwk,
      createdAt: this.clock.now(),
      retiredAt: null,
    });
    this.active = null;
    this.logger.log(`New signing key ${kid}`);
    return kid;
  }

  async signingKey(): Promise<ActiveSigningKey> {
    if (this.active) {
      return this.active;
    }
    const newest = await this.newestUnretired();
    if (!newest) {
      throw new Error('No signing key');
    }
    const pem = decryptSecretText(newest.encryptedPrivateKey, this.config.KEY_ENCRYPTION_SECRET);
    this.active = { kid: newest._id, privateKey: createPrivateKey(pem) };
    return this.active;
  }

  /** Every key a token still in circulation may be signed with. */
  async jwks(): Promise<Jwks> {
    const keys = await this.model
      .find({ $or: [{ retiredAt: null }, { retiredAt: { $gt: this.clock.now() } }] })
      .sort({ createdAt: -1 })
      .lean<SigningKeyDocument[]>();
    return { keys: keys.map((k) => k.publicJwk) };
  }

  private newestUnretired(): Promise<SigningKeyDocument | null> {
    return this.model.findOne({ retiredAt: null }).sort({ createdAt: -1 }).lean<SigningKeyDocument>();
  }
}
