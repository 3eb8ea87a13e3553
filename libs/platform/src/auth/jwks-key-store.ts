import { Injectable, Logger } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { IdentityRequests } from '@orbita/contracts';
import { BusClient } from '../bus/bus-client';

/**
 * Unknown kids trigger at most one JWKS refresh per this interval (no amplification by garbage
 * tokens); within it, they wait for the next one.
 */
const REFRESH_MIN_INTERVAL_MS = 5_000;

/**
 * The public keys that verify access tokens, fetched from identity's JWKS over NATS and cached by
 * kid. A token signed with a new key (after rotation) makes the store refresh once.
 */
@Injectable()
export class JwksKeyStore {
  private readonly logger = new Logger(JwksKeyStore.name);
  private keys = new Map<string, string>();
  private lastRefresh = 0;
  private refreshing: Promise<void> | null = null;
  private scheduled: Promise<void> | null = null;

  constructor(private readonly bus: BusClient) {}

  /** The PEM (SPKI) of the public key with this kid, or null when identity does not know it. */
  async getKey(kid: string): Promise<string | null> {
    const cached = this.keys.get(kid);
    if (cached) {
      return cached;
    }
    await this.refreshSoon();
    return this.keys.get(kid) ?? null;
  }

  /**
   * A refresh now, or, when the last one is less than the interval ago, as soon as the interval has
   * passed, shared by every caller meanwhile. Waiting rather than refusing: identity signs with a
   * rotated key at once, and its tokens must not be refused just because some other unknown kid (a
   * garbage token, say) made the store refresh a moment before the rotation.
   */
  private refreshSoon(): Promise<void> {
    const wait = this.keys.size === 0 ? 0 : this.lastRefresh + REFRESH_MIN_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      return this.refresh();
    }
    this.scheduled ??= new Promise<void>((resolve) => {
      setTimeout(resolve, wait).unref();
    })
      .then(() => this.refresh())
      .finally(() => {
        this.scheduled = null;
      });
    return this.scheduled;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.bus
      .request(IdentityRequests.jwks, {}, { principal: null })
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
        this.lastRefresh = Date.now();
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }
}
