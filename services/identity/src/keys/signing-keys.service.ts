import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import type { Jwk, Jwks, Principal } from '@orbita/contracts';
import { ACCESS_TOKEN_ALGORITHM, IdentityNotices, Permission } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { CLOCK, NATS_CONNECTION, requirePermission } from '@orbita/platform';
import type { IdentityConfig } from '../config';
import { IDENTITY_CONFIG } from '../config.token';
import { decryptSecretText, encryptSecretText } from './key-encryption.util';
import type { SigningKeyDocument } from './signing-key.schema';
import { SigningKeyRepository } from './signing-key.repository';

export interface ActiveSigningKey {
  kid: string;
  privateKey: KeyObject;
  /** When to look again: a newer key activates then (or never). */
  until: number;
}

/**
 * The asymmetric keys access tokens are signed with (ES256, P-256). The first start makes one; the
 * newest active unretired key signs, every unretired key is published in the JWKS. Rotation adds a
 * key that is published at once but signs only after KEY_ACTIVATION_DELAY_SECONDS (verifiers
 * refuse unknown kids at once, so they must know a key before its first token), announces the
 * change so verifiers fetch it now, and retires the old key once its last token has expired.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private active: ActiveSigningKey | null = null;

  constructor(
    private readonly keys: SigningKeyRepository,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.keys.ready();
    const newest = await this.newestUnretired();
    if (!newest) {
      // The installation's first key: no verifier knows any key yet, so it may sign at once.
      await this.rotate(this.clock.now());
    }
  }

  /**
   * Key rotation by an admin: a new key signs from now on; older keys stay in the JWKS until the
   * last token they signed has expired, then drop out.
   */
  async rotateBy(principal: Principal): Promise<{ kid: string; activatesAt: string }> {
    requirePermission(principal, Permission.KeysManage, [principal.orgPath[0] ?? principal.orgId]);
    const activatesAt = new Date(
      this.clock.now().getTime() + this.config.KEY_ACTIVATION_DELAY_SECONDS * 1000,
    );
    // The old key signs until the new one activates; its last tokens then live one token lifetime.
    const retireAt = new Date(activatesAt.getTime() + (this.config.ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    const kid = await this.rotate(activatesAt);
    await this.keys.retireAllBut(kid, retireAt);
    this.announce(kid);
    return { kid, activatesAt: activatesAt.toISOString() };
  }

  /** Adds a new signing key that signs from `activatesAt`; tokens of older unretired keys stay valid. */
  async rotate(activatesAt: Date): Promise<string> {
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
    await this.keys.add({
      _id: kid,
      encryptedPrivateKey: encryptSecretText(pem, this.config.KEY_ENCRYPTION_SECRET),
      publicJwk,
      createdAt: this.clock.now(),
      activatesAt,
      retiredAt: null,
    });
    this.active = null;
    this.logger.log(`New signing key ${kid}`);
    return kid;
  }

  async signingKey(): Promise<ActiveSigningKey> {
    const now = this.clock.now().getTime();
    if (this.active && now < this.active.until) {
      return this.active;
    }
    // Keys being retired still sign until the key that replaces them activates.
    const unretired = await this.keys.inUse(new Date(now));
    const activation = (key: SigningKeyDocument): number => (key.activatesAt ?? key.createdAt).getTime();
    const signing = unretired.find((key) => activation(key) <= now);
    if (!signing) {
      throw new Error('No active signing key');
    }
    const pending = unretired.filter((key) => activation(key) > now).map(activation);
    const pem = decryptSecretText(signing.encryptedPrivateKey, this.config.KEY_ENCRYPTION_SECRET);
    this.active = {
      kid: signing._id,
      privateKey: createPrivateKey(pem),
      until: pending.length > 0 ? Math.min(...pending) : Number.POSITIVE_INFINITY,
    };
    return this.active;
  }

  /** Every key a token still in circulation may be signed with. */
  async jwks(): Promise<Jwks> {
    const keys = await this.keys.inUse(this.clock.now());
    return { keys: keys.map((k) => k.publicJwk) };
  }

  /** Tells every verifier to fetch the JWKS now (each also refreshes periodically, should this be lost). */
  private announce(kid: string): void {
    this.nc.publish(IdentityNotices.keysChanged.subject, JSON.stringify({ kids: [kid] }));
  }

  private newestUnretired(): Promise<SigningKeyDocument | null> {
    return this.keys.newestUnretired();
  }
}
