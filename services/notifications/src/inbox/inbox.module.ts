import { Module } from '@nestjs/common';
import { InboxNatsController } from './inbox.nats.controller';
import { InboxService } from './inbox.service';
import { NotificationRepository } from './notification.repository';

@Module({
  controllers: [InboxNatsController],
  providers: [InboxService, NotificationRepository],
})
export class InboxModule {}
