import type { DynamicModule } from '@nestjs/common';
import { PlatformModule, ServiceConfigModule, platformOptionsFrom } from '@orbita/platform';
import type { IdentityConfig } from './config';
import { IDENTITY_CONFIG } from './config.token';
import { IdentityModule } from './identity.module';
import { LICENCE_OPTIONS } from './licences/licence-options';

/**
 * What identity runs with, as the service and as the seed script. The seed writes and leaves: it
 * takes no part in consuming identity's events (the service does).
 */
export function identityImports(config: IdentityConfig, role: 'service' | 'seed'): DynamicModule[] {
  const platform = platformOptionsFrom(role === 'service' ? 'identity' : 'identity-seed', config);
  if (platform.events && role === 'seed') {
    platform.events.consume = false;
  }
  return [
    PlatformModule.forService(platform),
    ServiceConfigModule.provide(IDENTITY_CONFIG, config),
    ServiceConfigModule.provide(LICENCE_OPTIONS, {
      publicKeyPem: config.LICENCE_PUBLIC_KEY === '-' ? null : config.LICENCE_PUBLIC_KEY,
      licenceFile: config.LICENCE_FILE === '-' ? null : config.LICENCE_FILE,
    }),
    { module: IdentityModule },
  ];
}
