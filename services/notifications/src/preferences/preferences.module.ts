import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { RoleDefaultsRepository, UserPreferenceRepository } from './preference.repository';
import { PreferencesNatsController } from './preferences.nats.controller';
import { PreferencesService } from './preferences.service';

/** Who wants which notification how: per person, kind and channel, over defaults per role (ADR 017). */
@Module({
  imports: [PeopleModule],
  controllers: [PreferencesNatsController],
  providers: [PreferencesService, UserPreferenceRepository, RoleDefaultsRepository],
  exports: [PreferencesService],
})
export class PreferencesModule {}
