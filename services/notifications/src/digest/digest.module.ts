import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PeopleModule } from '../people/people.module';
import { PreferencesModule } from '../preferences/preferences.module';
import { DigestRepository, UnreadRepository } from './digest.repository';
import { DigestWorker } from './digest.worker';
import { DigestMailRenderer } from './digest-mail';

/** The daily e-mail of what is still unread, for those who want it (ADR 017). */
@Module({
  imports: [MailModule, PeopleModule, PreferencesModule],
  providers: [DigestRepository, UnreadRepository, DigestWorker, DigestMailRenderer],
  exports: [DigestWorker],
})
export class DigestModule {}
