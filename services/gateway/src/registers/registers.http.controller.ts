import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { z } from 'zod';
import type {
  ImportResult,
  Page,
  RecordDiff,
  RegisterList,
  RegisterRecordView,
  RegisterView,
} from '@orbita/contracts';
import {
  CreateRecordInputSchema,
  IdSchema,
  ImportResultSchema,
  KeySchema,
  ListRecordsInputSchema,
  REGISTER_IMPORT_MAX_BYTES,
  RecordDataSchema,
  RecordDiffSchema,
  RegisterDefinitionSchema,
  RegisterListSchema,
  RegisterRecordPageSchema,
  RegisterRecordViewSchema,
  RegisterViewSchema,
  RegistersRequests,
} from '@orbita/contracts';
import { AppError, BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

/** The route that takes CSV bodies (see main.ts). */
export const IMPORT_ROUTE = '/api/registers/:key/import';
export const CSV_TYPE = 'text/csv';

const CreateBodySchema = CreateRecordInputSchema.omit({ registerKey: true });
const UpdateBodySchema = z.object({ revision: z.number().int().min(1), data: RecordDataSchema });
const DiffBodySchema = z.object({ data: RecordDataSchema });
const ImportQuerySchema = z.object({ orgId: IdSchema.optional() });

const contractExample = {
  number: 'Д-17/2026',
  title: 'Договор на вывоз ТКО',
  startDate: '2026-01-15',
  endDate: '2026-12-31',
  amount: 582000,
  status: 'active',
};

@ApiTags('registers')
@ApiBearerAuth()
@Controller('api')
export class RegistersHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('registers')
  @ApiOperation({ summary: 'The registers: their keys, names and record schemas (JSON Schema)' })
  @ApiOkResponse({ schema: openApiSchema(RegisterListSchema) })
  list(): Promise<RegisterList> {
    return this.bus.request(RegistersRequests.list, {});
  }

  @Put('registers/:key')
  @ApiOperation({
    summary:
      'Define a register or its next version (register.manage); a bad schema is answered with each problem’s path',
  })
  @ApiBody({
    schema: openApiSchema(RegisterDefinitionSchema, 'input'),
    examples: {
      register: {
        value: {
          key: 'inspections',
          name: { ru: 'Проверки площадок', en: 'Site inspections' },
          title: 'site',
          dateFields: ['date'],
          schema: {
            type: 'object',
            additionalProperties: false,
            required: ['site', 'date'],
            properties: { site: { type: 'string' }, date: { type: 'string', format: 'date' } },
          },
        },
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(RegisterViewSchema) })
  put(@Param('key') key: string, @Body() body: unknown): Promise<RegisterView> {
    return this.bus.request(RegistersRequests.put, { key: parseOrThrow(KeySchema, key), definition: body });
  }

  @Get('registers/:key/records')
  @ApiOperation({
    summary: "A register's records one may see, newest first, by cursor (one owner org with orgId)",
  })
  @ApiQuery({ name: 'orgId', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(RegisterRecordPageSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such register' })
  records(
    @Param('key') key: string,
    @Query() query: Record<string, unknown>,
  ): Promise<Page<RegisterRecordView>> {
    return this.bus.request(
      RegistersRequests.listRecords,
      parseOrThrow(ListRecordsInputSchema, { ...query, registerKey: key }),
    );
  }

  @Post('registers/:key/records')
  @ApiOperation({ summary: 'Add a record to a register for an owner org (task.manage there)' })
  @ApiBody({
    schema: openApiSchema(CreateBodySchema, 'input'),
    examples: { contract: { value: { orgId: '01JDEM0000000000000000RG04', data: contractExample } } },
  })
  @ApiCreatedResponse({ schema: openApiSchema(RegisterRecordViewSchema) })
  create(@Param('key') key: string, @Body() body: unknown): Promise<RegisterRecordView> {
    const input = parseOrThrow(CreateBodySchema, body);
    return this.bus.request(RegistersRequests.createRecord, {
      ...input,
      registerKey: parseOrThrow(KeySchema, key),
    });
  }

  @Post('registers/:key/import')
  @ApiOperation({
    summary:
      'Import rows (CSV with a header row, "," or ";", decimal comma accepted; or a JSON array): all or nothing, a known natural key updates its record',
  })
  @ApiConsumes(CSV_TYPE, 'application/json')
  @ApiQuery({ name: 'orgId', required: false, type: String })
  @ApiBody({
    schema: { type: 'array', items: { type: 'object' } },
    examples: {
      invoices: {
        value: [
          { number: 'С-101', date: '2026-11-01', amount: 106_700, dueDate: '2026-11-15', status: 'unpaid' },
        ],
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(ImportResultSchema) })
  import(
    @Param('key') key: string,
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
  ): Promise<ImportResult> {
    const registerKey = parseOrThrow(KeySchema, key);
    const { orgId } = parseOrThrow(ImportQuerySchema, query);
    const owner = orgId ? { orgId } : {};
    if (typeof body === 'string') {
      return this.bus.request(RegistersRequests.importRecords, { registerKey, ...owner, csv: body });
    }
    const rows = parseOrThrow(z.array(RecordDataSchema).min(1), body);
    if (Buffer.byteLength(JSON.stringify(rows)) > REGISTER_IMPORT_MAX_BYTES) {
      throw AppError.payloadTooLarge('body', REGISTER_IMPORT_MAX_BYTES);
    }
    return this.bus.request(RegistersRequests.importRecords, { registerKey, ...owner, rows });
  }

  @Get('register-records/:recordId')
  @ApiOperation({ summary: 'One register record' })
  @ApiOkResponse({ schema: openApiSchema(RegisterRecordViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such record, or not one you may see' })
  get(@Param('recordId') recordId: string): Promise<RegisterRecordView> {
    return this.bus.request(RegistersRequests.getRecord, { recordId: parseOrThrow(IdSchema, recordId) });
  }

  @Patch('register-records/:recordId')
  @ApiOperation({
    summary: 'Change fields of a record made on the revision named (merged top-level; null removes a field)',
  })
  @ApiBody({
    schema: openApiSchema(UpdateBodySchema, 'input'),
    examples: { end: { value: { revision: 1, data: { status: 'ended' } } } },
  })
  @ApiOkResponse({ schema: openApiSchema(RegisterRecordViewSchema) })
  @ApiConflictResponse({ description: 'CONFLICT: the record was changed since that revision' })
  update(@Param('recordId') recordId: string, @Body() body: unknown): Promise<RegisterRecordView> {
    const input = parseOrThrow(UpdateBodySchema, body);
    return this.bus.request(RegistersRequests.updateRecord, {
      ...input,
      recordId: parseOrThrow(IdSchema, recordId),
    });
  }

  @Post('register-records/:recordId/diff')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What proposed data would change in the current record (a change request), nothing stored',
  })
  @ApiBody({
    schema: openApiSchema(DiffBodySchema, 'input'),
    examples: { extend: { value: { data: { endDate: '2027-12-31' } } } },
  })
  @ApiOkResponse({ schema: openApiSchema(RecordDiffSchema) })
  diff(@Param('recordId') recordId: string, @Body() body: unknown): Promise<RecordDiff> {
    const input = parseOrThrow(DiffBodySchema, body);
    return this.bus.request(RegistersRequests.diffRecord, {
      ...input,
      recordId: parseOrThrow(IdSchema, recordId),
    });
  }
}
