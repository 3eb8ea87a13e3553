import { Module } from '@nestjs/common';
import { PeopleDirectory } from './people-directory';
import { PersonRepository } from './person.repository';

/** Who people are (address, language, time zone, org, roles), kept from identity's events. */
@Module({
  providers: [PeopleDirectory, PersonRepository],
  exports: [PeopleDirectory],
})
export class PeopleModule {}
