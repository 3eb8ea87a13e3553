import type { DynamicModule } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, natsSettingsFrom } from '@orbita/platform';
import type { IdentityConfig } from './config';
import { IDENTITY_CONFIG } from './config.token';
import { IdentityModule } from './identity.module';
import { LICENCE_OPTIONS } from './licences/licence-options';

/**
 * What identity runs with, as the service and as the seed script; the seed (`consumeEvents` false)
 * leaves identity's own event handlers to the service.
 */
export function identityImports(
  config: IdentityConfig,
  service: string,
  options: { consumeEvents: boolean } = { consumeEvents: true },
): DynamicModule[] {
  return [
    PlatformModule.forService({
      service,
      nats: natsSettingsFrom(config, service),
      requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
      mongo: { url: config.MONGO_URL, db: config.MONGO_DB },
      events: {
        relaySweepMs: config.OUTBOX_SWEEP_MS,
        failpoint: config.FAILPOINT === '-' ? undefined : config.FAILPOINT,
        consume: options.consumeEvents,
      },
    }),
    ServiceConfigModule.provide(IDENTITY_CONFIG, config),
    ServiceConfigModule.provide(LICENCE_OPTIONS, {
      publicKeyPem: config.LICENCE_PUBLIC_KEY === '-' ? null : config.LICENCE_PUBLIC_KEY,
      licenceFile: config.LICENCE_FILE === '-' ? null : config.LICENCE_FILE,
    }),
    { module: IdentityModule },
  ];
}
