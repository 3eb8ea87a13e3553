import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ResponseOf } from '@orbita/contracts';
import {
  CreateScheduleInputSchema,
  IdSchema,
  ScheduleListSchema,
  ScheduleViewSchema,
  SchedulesRequests,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

type Answer<K extends keyof typeof SchedulesRequests> = ResponseOf<(typeof SchedulesRequests)[K]>;

const monthlyInvoicing = {
  name: { ru: 'Счета и акты клиентам', en: 'Monthly invoices and acts' },
  templateKey: 'monthly-invoicing',
  starterId: '01JDEM000000000000000USR04',
  form: {
    clientOrgId: { var: 'client.orgId' },
    periodFrom: { var: 'occurrence.previousMonth.from' },
    periodTo: { var: 'occurrence.previousMonth.to' },
  },
  rule: { kind: 'monthly', day: 1, time: '09:00' },
  targets: 'activeClient',
};

const contractRenewal = {
  name: { ru: 'Продление договоров за 30 дней', en: 'Contract renewals 30 days ahead' },
  templateKey: 'contract-renewal',
  starterId: '01JDEM000000000000000USR02',
  form: {
    clientOrgId: { var: 'record.orgId' },
    contractRecordId: { var: 'record.id' },
    contractNumber: { var: 'record.data.number' },
    contractDate: { var: 'record.data.startDate' },
    newEndDate: { var: 'record.dateNextYear' },
  },
  rule: {
    kind: 'registerDate',
    register: 'contracts',
    field: 'endDate',
    days: 30,
    direction: 'before',
    time: '09:00',
  },
};

const SCHEDULE_ID = '01JDEMSCHED000000000000001';

/**
 * Schedules (ADR 022): processes that start themselves, on a calendar rule in the company's time
 * zone or relative to register dates. For those who manage processes at the company (process.manage).
 */
@ApiTags('schedules')
@ApiBearerAuth()
@Controller('api/schedules')
export class SchedulesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'The schedules, with the next run and the last run’s outcome (process.manage)' })
  @ApiOkResponse({ schema: openApiSchema(ScheduleListSchema) })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: without process.manage at the company' })
  list(): Promise<Answer<'list'>> {
    return this.bus.request(SchedulesRequests.list, {});
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a schedule: a published template started as a staff member, monthly/weekly/daily in the company’s time zone (optionally once per active client) or days before/after a register date (process.manage)',
  })
  @ApiBody({
    schema: openApiSchema(CreateScheduleInputSchema, 'input'),
    examples: { monthlyInvoicing: { value: monthlyInvoicing }, contractRenewal: { value: contractRenewal } },
  })
  @ApiCreatedResponse({ schema: openApiSchema(ScheduleViewSchema) })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: no such published template, a bad rule (day, weekday, time), a register or field that is not a date field, a starter who may not start the template, form fields the start form lacks',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: without process.manage at the company' })
  create(@Body() body: unknown): Promise<Answer<'create'>> {
    return this.bus.request(SchedulesRequests.create, parseOrThrow(CreateScheduleInputSchema, body));
  }

  @Post(':scheduleId/pause')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pause a schedule: it fires nothing until resumed (process.manage)' })
  @ApiOkResponse({ schema: openApiSchema(ScheduleViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such schedule' })
  @ApiConflictResponse({ description: 'CONFLICT: the schedule was changed meanwhile' })
  pause(@Param('scheduleId') id: string): Promise<Answer<'pause'>> {
    return this.bus.request(SchedulesRequests.pause, { scheduleId: parseOrThrow(IdSchema, id) });
  }

  @Post(':scheduleId/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Resume a schedule: from its next future occurrence; what it missed while paused is not caught up (process.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(ScheduleViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such schedule' })
  @ApiConflictResponse({ description: 'CONFLICT: the schedule was changed meanwhile' })
  resume(@Param('scheduleId') id: string): Promise<Answer<'resume'>> {
    return this.bus.request(SchedulesRequests.resume, { scheduleId: parseOrThrow(IdSchema, id) });
  }

  @Delete(':scheduleId')
  @ApiOperation({
    summary: `Delete a schedule; what it started goes on (process.manage), e.g. DELETE /api/schedules/${SCHEDULE_ID}`,
  })
  @ApiOkResponse({ schema: openApiSchema(SchedulesRequests.remove.response) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such schedule' })
  remove(@Param('scheduleId') id: string): Promise<Answer<'remove'>> {
    return this.bus.request(SchedulesRequests.remove, { scheduleId: parseOrThrow(IdSchema, id) });
  }
}
