import { Module } from '@nestjs/common';
import { InboxModule } from '../inbox/inbox.module';
import { PeopleModule } from '../people/people.module';
import { RecipientRulesHandler } from './recipient-rules.handler';
import { RequestCardRepository } from './request-card.repository';

/** Who hears of what: the events of the engine, documents and identity turned into notifications. */
@Module({
  imports: [InboxModule, PeopleModule],
  providers: [RecipientRulesHandler, RequestCardRepository],
})
export class RecipientsModule {}
