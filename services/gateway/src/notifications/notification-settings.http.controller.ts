import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { EffectivePreferences, FailedEmailView, Page, RoleDefaultsView } from '@orbita/contracts';
import {
  EffectivePreferencesSchema,
  FailedEmailPageSchema,
  FailedEmailViewSchema,
  ListFailedEmailsInputSchema,
  NotificationEmailRequests,
  NotificationPreferenceRequests,
  PreferenceSettingsSchema,
  RoleDefaultsViewSchema,
  SetRoleDefaultsInputSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

const SETTINGS_EXAMPLE = {
  kinds: {
    'comment.added': { email: false },
    'document.published': { inApp: true, email: true },
  },
  quietHours: { start: '22:00', end: '08:00' },
  digest: true,
};

/** Notification preferences (ADR 017): one's own, and the defaults per role an admin sets. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class NotificationSettingsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/notifications/preferences')
  @ApiOperation({
    summary: 'My notification preferences: each kind in-app and by e-mail, quiet hours, the daily digest',
  })
  @ApiOkResponse({ schema: openApiSchema(EffectivePreferencesSchema) })
  mine(): Promise<EffectivePreferences> {
    return this.bus.request(NotificationPreferenceRequests.get, {});
  }

  @Put('api/notifications/preferences')
  @ApiOperation({
    summary: 'Replace my notification settings (a kind left out follows my roles’ defaults, then on)',
  })
  @ApiBody({
    schema: openApiSchema(PreferenceSettingsSchema, 'input'),
    examples: { some: { value: SETTINGS_EXAMPLE } },
  })
  @ApiOkResponse({ schema: openApiSchema(EffectivePreferencesSchema) })
  setMine(@Body() body: unknown): Promise<EffectivePreferences> {
    return this.bus.request(NotificationPreferenceRequests.set, parseOrThrow(PreferenceSettingsSchema, body));
  }

  @Put('api/admin/notification-defaults')
  @ApiTags('admin')
  @ApiOperation({ summary: 'Set what holders of a role get unless they choose otherwise (role.manage)' })
  @ApiBody({
    schema: openApiSchema(SetRoleDefaultsInputSchema, 'input'),
    examples: {
      accountants: {
        value: {
          roleId: '01JDEM0000000000000ROLE01',
          defaults: { kinds: { 'step.claimable': { email: false } }, digest: true },
        },
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(RoleDefaultsViewSchema) })
  setRoleDefaults(@Body() body: unknown): Promise<RoleDefaultsView> {
    return this.bus.request(
      NotificationPreferenceRequests.setRoleDefaults,
      parseOrThrow(SetRoleDefaultsInputSchema, body),
    );
  }

  @Get('api/admin/notification-emails/failed')
  @ApiTags('admin')
  @ApiOperation({
    summary:
      'Notification e-mails that need an admin, newest first (ops.manage): `failed` ones the SMTP server refused every time, and `stuck` ones claimed for sending and never confirmed (the service stopped mid-send: they may have gone out)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(FailedEmailPageSchema) })
  failed(@Query() query: Record<string, unknown>): Promise<Page<FailedEmailView>> {
    return this.bus.request(
      NotificationEmailRequests.listFailed,
      parseOrThrow(ListFailedEmailsInputSchema, query),
    );
  }

  @Post('api/admin/notification-emails/:notificationId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiTags('admin')
  @ApiOperation({
    summary:
      'Send a failed or stuck notification e-mail again: due at once, attempts counted afresh (ops.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(FailedEmailViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such notification e-mail' })
  @ApiConflictResponse({
    description: 'CONFLICT: the e-mail is neither failed nor stuck (sent, pending, held, sending or skipped)',
  })
  retry(@Param('notificationId') id: string): Promise<FailedEmailView> {
    return this.bus.request(NotificationEmailRequests.retry, {
      notificationId: idParam('notificationId', id),
    });
  }
}
