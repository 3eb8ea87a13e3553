import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { EmailChannel } from './email-channel';

/** What the inbox asks when it builds a notification: whether to store it, whom to mail, and when (ADR 017). */
@Module({
  imports: [PeopleModule, PreferencesModule],
  providers: [EmailChannel],
  exports: [EmailChannel],
})
export class ChannelsModule {}
