import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MarkReadResult, NotificationPage } from '@orbita/contracts';
import {
  ListNotificationsInputSchema,
  MarkReadInputSchema,
  MarkReadResultSchema,
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

  @Post('read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark some of my notifications read; answers how many changed and the unread count',
  })
  @ApiBody({
    schema: openApiSchema(MarkReadInputSchema, 'input'),
    examples: { one: { value: { ids: ['01JDEM00000000000000NOTE01'] } } },
  })
  @ApiOkResponse({ schema: openApiSchema(MarkReadResultSchema) })
  markRead(@Body() body: unknown): Promise<MarkReadResult> {
    return this.bus.request(NotificationsRequests.markRead, parseOrThrow(MarkReadInputSchema, body));
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ schema: openApiSchema(MarkReadResultSchema) })
  markAllRead(): Promise<MarkReadResult> {
    return this.bus.request(NotificationsRequests.markAllRead, {});
  }
}
