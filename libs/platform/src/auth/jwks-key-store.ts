import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import type { NatsConnection, Subscription } from 'nats';
import { IdentityNotices, IdentityRequests } from '@orbita/contracts';
import { BusClient } from '../bus/bus-client';
import { NATS_CONNECTION } from '../bus/tokens';

/** Unknown kids make the store refresh in the background at most this often (no amplification). */
const REFRESH_MIN_INTERVAL_MS = 5_000;
/**
 * The store refreshes on its own this often. identity publishes a new key this long (and more)
 * before it signs with it (KEY_ACTIVATION_DELAY_SECONDS), so no verifier ever meets a token of a
 * key it has not heard of, even if it missed the keys-changed notice.
 */
export const JWKS_REFRESH_INTERVAL_MS = 30_000;

/** identity's kids are UUIDs; anything else (a URL, a path, SQL) is refused without a look-up. */
const KID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The public keys that verify access tokens, fetched from identity's JWKS over NATS and cached by
 * kid. A token of an unknown kid is refused at once (never held while keys are fetched); it makes
 * the store refresh in the background, at a bounded rate. identity announces key changes, and
 * keys are published ahead of their use, so a genuine token never meets an unknown kid.
 */
@Injectable()
export class JwksKeyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JwksKeyStore.name);
  private keys = new Map<string, string>();
  private fetched = false;
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;

  constructor(
    private readonly bus: BusClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(IdentityNotices.keysChanged.subject, {
      callback: () => {
        this.refreshInBackground(0);
      },
    });
    this.timer = setInterval(() => {
      this.refreshInBackground(0);
    }, JWKS_REFRESH_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** The PEM (SPKI) of the public key with this kid, or null: unknown keys are refused at once. */
  async getKey(kid: string): Promise<string | null> {
    if (!KID_PATTERN.test(kid)) {
      return null;
    }
    if (!this.fetched) {
      // Nothing to check against yet (the first token after start): this one look-up is awaited.
      await this.refresh();
    }
    const key = this.keys.get(kid);
    if (!key) {
      this.refreshInBackground(REFRESH_MIN_INTERVAL_MS);
    }
    return key ?? null;
  }

  private refreshInBackground(minIntervalMs: number): void {
    if (Date.now() - this.lastRefresh < minIntervalMs) {
      return;
    }
    this.refresh().catch((err: unknown) => {
      this.logger.warn({ err, msg: 'Could not refresh the signing keys; keeping the ones known' });
    });
  }

  private refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    this.refreshing ??= this.bus
      .request(IdentityRequests.jwks, {}, { anonymous: true })
      .then((jwks) => {
        const keys = new Map<string, string>();
        for (const jwk of jwks.keys) {
          try {
            keys.set(
              jwk.kid,
              createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
            );
          } catch (err) {
            this.logger.warn({ err, kid: jwk.kid, msg: 'Skipping a JWKS key that does not parse' });
          }
        }
        this.keys = keys;
        this.fetched = true;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
