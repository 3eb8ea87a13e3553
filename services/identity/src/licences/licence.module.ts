import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { LicenceOptions } from './licence-options';
import { LICENCE_OPTIONS } from './licence-options';
import { LicenceNatsController } from './licence.nats.controller';
import { LicenceRepository } from './licence.repository';
import { LicenceService } from './licence.service';

/**
 * Licences and seat pools. Gets MONGO_CONNECTION, EventFactory, OutboxRelay, CLOCK and ID_GENERATOR
 * from the global PlatformModule. Import it once, as `LicenceModule.register(options)` (global, so
 * every feature can inject LicenceService), or as `LicenceModule` where a global module provides
 * LICENCE_OPTIONS.
 */
@Module({
  controllers: [LicenceNatsController],
  providers: [LicenceRepository, LicenceService],
  exports: [LicenceService],
})
export class LicenceModule {
  static register(options: LicenceOptions): DynamicModule {
    return {
      module: LicenceModule,
      global: true,
      providers: [{ provide: LICENCE_OPTIONS, useValue: options }],
    };
  }
}
