import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { DirectoryLookup } from './directory-lookup';
import { RecipientRulesHandler } from './recipient-rules.handler';
import { RequestCardRepository } from './request-card.repository';

/** Who hears of what: the events of the engine, documents and identity turned into notifications. */
@Module({
  imports: [InboxModule],
  providers: [DirectoryLookup, RecipientRulesHandler, RequestCardRepository],
})
export class RecipientsModule {}
