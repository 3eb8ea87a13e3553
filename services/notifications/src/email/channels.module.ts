import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { EmailChannel } from './email-channel';

/** What the inbox asks when it builds a notification: whom to mail, and when (ADR 017). */
@Module({
  imports: [PeopleModule],
  providers: [EmailChannel],
  exports: [EmailChannel, PeopleModule],
})
export class ChannelsModule {}
