import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { PeopleModule } from '../people/people.module';
import { EmailAdminNatsController } from './email-admin.nats.controller';
import { EmailAdminService } from './email-admin.service';
import { EmailDeliveryRepository } from './email-delivery.repository';
import { EmailDeliveryWorker } from './email-delivery.worker';
import { NotificationMailRenderer } from './notification-mail';

/** Sends the notifications' e-mails the e-mail channel planned (ADR 017). */
@Module({
  imports: [MailModule, PeopleModule],
  controllers: [EmailAdminNatsController],
  providers: [EmailAdminService, EmailDeliveryRepository, EmailDeliveryWorker, NotificationMailRenderer],
  exports: [EmailDeliveryRepository, EmailDeliveryWorker],
})
export class EmailModule {}
