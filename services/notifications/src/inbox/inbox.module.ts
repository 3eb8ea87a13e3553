import { Module } from '@nestjs/common';
import { ChannelsModule } from '../email/channels.module';
import { InboxNatsController } from './inbox.nats.controller';
import { InboxService } from './inbox.service';
import { LivePublisher } from './live-publisher';
import { NotificationRepository } from './notification.repository';

@Module({
  imports: [ChannelsModule],
  controllers: [InboxNatsController],
  providers: [InboxService, LivePublisher, NotificationRepository],
  exports: [InboxService],
})
export class InboxModule {}
