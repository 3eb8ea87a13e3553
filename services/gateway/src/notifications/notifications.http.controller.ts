import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { NotificationPage } from '@orbita/contracts';
import {
  ListNotificationsInputSchema,
  NotificationPageSchema,
  NotificationsRequests,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'My in-app notifications, newest first, with the unread count' })
  @ApiQuery({ name: 'unreadOnly', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(NotificationPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<NotificationPage> {
    return this.bus.request(NotificationsRequests.list, parseOrThrow(ListNotificationsInputSchema, query));
  }
}
