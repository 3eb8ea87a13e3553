import { Module } from '@nestjs/common';
import { InboxNatsController } from './inbox.nats.controller';
import { InboxService } from './inbox.service';
import { LivePublisher } from './live-publisher';
import { NotificationRepository } from './notification.repository';

@Module({
  controllers: [InboxNatsController],
  providers: [InboxService, LivePublisher, NotificationRepository],
  exports: [InboxService],
})
export class InboxModule {}
