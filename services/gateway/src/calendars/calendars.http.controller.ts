import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { CalendarList, CalendarView } from '@orbita/contracts';
import {
  CalendarAssignmentsBodySchema,
  CalendarBodySchema,
  CalendarListSchema,
  CalendarViewSchema,
  CalendarsRequests,
  CreateCalendarBodySchema,
  KeySchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

const novosibirsk = {
  name: { ru: 'Календарь Новосибирского филиала', en: 'Novosibirsk branch calendar' },
  timeZone: 'Asia/Novosibirsk',
  week: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '17:00' })),
  holidays: ['2026-01-01', '2026-01-02', '2026-01-05'],
  workingDays: [],
};

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('api/calendars')
export class CalendarsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'The working calendars: hours, time zone, holidays, moved days and units' })
  @ApiOkResponse({ schema: openApiSchema(CalendarListSchema) })
  list(): Promise<CalendarList> {
    return this.bus.request(CalendarsRequests.list, {});
  }

  @Get(':key')
  @ApiOperation({ summary: 'A working calendar' })
  @ApiOkResponse({ schema: openApiSchema(CalendarViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such calendar' })
  get(@Param('key') key: string): Promise<CalendarView> {
    return this.bus.request(CalendarsRequests.get, { key: parseOrThrow(KeySchema, key) });
  }

  @Post()
  @ApiOperation({ summary: 'Create a working calendar (calendar.manage)' })
  @ApiBody({
    schema: openApiSchema(CreateCalendarBodySchema, 'input'),
    examples: { novosibirsk: { value: { key: 'novosibirsk', ...novosibirsk } } },
  })
  @ApiCreatedResponse({ schema: openApiSchema(CalendarViewSchema) })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a bad zone, hours or dates' })
  @ApiConflictResponse({ description: 'CONFLICT: a calendar with the key exists' })
  create(@Body() body: unknown): Promise<CalendarView> {
    const { key, ...calendar } = parseOrThrow(CreateCalendarBodySchema, body);
    return this.bus.request(CalendarsRequests.create, { key, calendar });
  }

  @Put(':key')
  @ApiOperation({
    summary: "Edit a calendar's hours, zone, holidays and moved working days (calendar.manage)",
  })
  @ApiBody({
    schema: openApiSchema(CalendarBodySchema, 'input'),
    examples: { novosibirsk: { value: novosibirsk } },
  })
  @ApiOkResponse({ schema: openApiSchema(CalendarViewSchema) })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a bad zone, hours or dates' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such calendar' })
  update(@Param('key') key: string, @Body() body: unknown): Promise<CalendarView> {
    return this.bus.request(CalendarsRequests.update, {
      key: parseOrThrow(KeySchema, key),
      calendar: parseOrThrow(CalendarBodySchema, body),
    });
  }

  @Put(':key/assignments')
  @ApiOperation({
    summary: 'The org units that work by the calendar (calendar.manage); they leave any other calendar',
  })
  @ApiBody({
    schema: openApiSchema(CalendarAssignmentsBodySchema, 'input'),
    examples: { branch: { value: { orgIds: ['01JDEM0000000000000000RG06'] } } },
  })
  @ApiOkResponse({ schema: openApiSchema(CalendarViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such calendar' })
  assign(@Param('key') key: string, @Body() body: unknown): Promise<CalendarView> {
    return this.bus.request(CalendarsRequests.assign, {
      key: parseOrThrow(KeySchema, key),
      ...parseOrThrow(CalendarAssignmentsBodySchema, body),
    });
  }
}
