import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { OperationsReport, PartyTimes, RegionReport, RequestDelays, SlaReport } from '@orbita/contracts';
import {
  OperationsReportInputSchema,
  OperationsReportSchema,
  RegionReportInputSchema,
  RegionReportSchema,
  ReportsRequests,
  RequestDelaysSchema,
  SlaReportInputSchema,
  SlaReportSchema,
} from '@orbita/contracts';
import { BusClient, formatCsv, parseOrThrow } from '@orbita/platform';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

const CSV_TYPE = 'text/csv';
const FormatSchema = z.object({ format: z.enum(['json', 'csv']).optional() });

const HOUR_MS = 3_600_000;
const times = (company: number, external: number, thirdParty = 0): PartyTimes => ({
  company,
  external,
  thirdParty,
  total: company + external + thirdParty,
});

const slaExample: SlaReport = {
  orgId: '01JDEM0000000000000000RG01',
  groupBy: 'client',
  from: '2027-03',
  to: '2027-03',
  rows: [
    {
      month: '2027-03',
      key: '01JDEM0000000000000000RG04',
      label: 'Raduga Mall',
      requestsFinished: 1,
      requestsBreached: 0,
      stepsFinished: 5,
      slaMet: 3,
      slaBreached: 0,
      calendarMs: times(5 * HOUR_MS, 26 * HOUR_MS),
      workingMs: times(5 * HOUR_MS, 11 * HOUR_MS),
    },
  ],
};

const operationsExample: OperationsReport = {
  orgId: '01JDEM0000000000000000RG01',
  month: '2027-03',
  rows: [
    {
      userId: '01JDEM000000000000000USR02',
      name: 'Иван Петров',
      operations: 2,
      requests: 1,
      slaMet: 2,
      slaBreached: 0,
      workingMs: 2 * HOUR_MS,
    },
  ],
};

const regionsExample: RegionReport = {
  orgId: '01JDEMRCORG000000000000001',
  from: '2027-03',
  to: '2027-03',
  rows: [
    {
      month: '2027-03',
      regionOrgId: '01JDEMRCORG0000000000RG001',
      regionName: 'Регион 1',
      requestsStarted: 4,
      plannedKopecks: 50_000_000,
      approvedKopecks: 12_000_050,
      financingApproved: 1,
      violations: 2,
    },
  ],
  totals: {
    requestsStarted: 4,
    plannedKopecks: 50_000_000,
    approvedKopecks: 12_000_050,
    financingApproved: 1,
    violations: 2,
  },
};

/** Kopecks as roubles with two decimals (a spreadsheet reads "120000.50" as a number). */
const roubles = (kopecks: number) => (kopecks / 100).toFixed(2);

/** The per-region report as CSV: a line per region and month, then the totals (key "total"). */
function regionsCsv(report: RegionReport): string {
  const line = (month: string, regionOrgId: string, regionName: string, f: RegionReport['totals']) => ({
    month,
    regionOrgId,
    regionName,
    requestsStarted: f.requestsStarted,
    planned: roubles(f.plannedKopecks),
    approved: roubles(f.approvedKopecks),
    remaining: roubles(f.plannedKopecks - f.approvedKopecks),
    financingApproved: f.financingApproved,
    violations: f.violations,
  });
  return formatCsv(
    [
      'month',
      'regionOrgId',
      'regionName',
      'requestsStarted',
      'planned',
      'approved',
      'remaining',
      'financingApproved',
      'violations',
    ],
    [
      ...report.rows.map((row) => line(row.month, row.regionOrgId, row.regionName, row)),
      line(`${report.from}..${report.to}`, 'total', '', report.totals),
    ],
  );
}

/** The CSV of a report: a header row, a line per row, times in whole minutes. */
function slaCsv(report: SlaReport): string {
  const minutes = (ms: number) => Math.round(ms / 60_000);
  return formatCsv(
    [
      'month',
      'key',
      'label',
      'requestsFinished',
      'requestsBreached',
      'stepsFinished',
      'slaMet',
      'slaBreached',
      'companyCalendarMin',
      'externalCalendarMin',
      'thirdPartyCalendarMin',
      'companyWorkingMin',
      'externalWorkingMin',
      'thirdPartyWorkingMin',
    ],
    report.rows.map((row) => ({
      month: row.month,
      key: row.key,
      label: row.label,
      requestsFinished: row.requestsFinished,
      requestsBreached: row.requestsBreached,
      stepsFinished: row.stepsFinished,
      slaMet: row.slaMet,
      slaBreached: row.slaBreached,
      companyCalendarMin: minutes(row.calendarMs.company),
      externalCalendarMin: minutes(row.calendarMs.external),
      thirdPartyCalendarMin: minutes(row.calendarMs.thirdParty),
      companyWorkingMin: minutes(row.workingMs.company),
      externalWorkingMin: minutes(row.workingMs.external),
      thirdPartyWorkingMin: minutes(row.workingMs.thirdParty),
    })),
  );
}

function operationsCsv(report: OperationsReport): string {
  return formatCsv(
    ['month', 'userId', 'name', 'operations', 'requests', 'slaMet', 'slaBreached', 'workingMin'],
    report.rows.map((row) => ({
      month: report.month,
      userId: row.userId,
      name: row.name,
      operations: row.operations,
      requests: row.requests,
      slaMet: row.slaMet,
      slaBreached: row.slaBreached,
      workingMin: Math.round(row.workingMs / 60_000),
    })),
  );
}

/** CSV when asked by `format=csv` or by an Accept header that names text/csv (and not JSON first). */
function wantsCsv(format: 'json' | 'csv' | undefined, accept: string | undefined): boolean {
  if (format) {
    return format === 'csv';
  }
  return (accept ?? '').split(',')[0]?.trim().toLowerCase().startsWith(CSV_TYPE) ?? false;
}

function sendCsv(reply: FastifyReply, filename: string, csv: string): string {
  void reply
    .header('content-type', `${CSV_TYPE}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${filename}"`);
  return csv;
}

/** Delay attribution of a request, and the company's SLA and operations reports (ADR 023). */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class ReportsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('requests/:instanceId/delays')
  @ApiOperation({
    summary:
      'Whose time a request spent: each step with its party (company, client, third party) and its time around the clock and in the holder’s working calendar, and the totals',
    description:
      'Open steps are measured to now; who holds the request now and since when is the request’s own `heldBy`.',
  })
  @ApiOkResponse({ schema: openApiSchema(RequestDelaysSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such request, or not one you may see' })
  delays(@Param('instanceId') instanceId: string): Promise<RequestDelays> {
    return this.bus.request(ReportsRequests.delays, { instanceId: idParam('instanceId', instanceId) });
  }

  @Get('reports/sla')
  @ApiOperation({
    summary:
      'SLA compliance and whose time by month and template, client or manager (report.view); format=csv for a spreadsheet',
  })
  @ApiQuery({ name: 'groupBy', required: true, enum: ['template', 'client', 'manager'] })
  @ApiQuery({ name: 'from', required: true, type: String, example: '2027-01' })
  @ApiQuery({ name: 'to', required: true, type: String, example: '2027-03' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', CSV_TYPE)
  @ApiOkResponse({
    schema: openApiSchema(SlaReportSchema),
    content: {
      'application/json': { schema: openApiSchema(SlaReportSchema), example: slaExample },
      [CSV_TYPE]: { example: slaCsv(slaExample) },
    },
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: a month not as YYYY-MM, to before from, over 24 months',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: reports are for staff with report.view' })
  async sla(
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaReport | string> {
    const { format } = parseOrThrow(FormatSchema, { format: query['format'] });
    const input = parseOrThrow(SlaReportInputSchema, {
      groupBy: query['groupBy'],
      from: query['from'],
      to: query['to'],
    });
    const report = await this.bus.request(ReportsRequests.sla, input);
    return wantsCsv(format, accept)
      ? sendCsv(reply, `sla-${input.groupBy}-${input.from}-${input.to}.csv`, slaCsv(report))
      : report;
  }

  @Get('reports/operations')
  @ApiOperation({
    summary: 'Operations per manager in a month (S1.9): steps each completed, requests, SLA (report.view)',
  })
  @ApiQuery({ name: 'month', required: true, type: String, example: '2027-03' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', CSV_TYPE)
  @ApiOkResponse({
    schema: openApiSchema(OperationsReportSchema),
    content: {
      'application/json': { schema: openApiSchema(OperationsReportSchema), example: operationsExample },
      [CSV_TYPE]: { example: operationsCsv(operationsExample) },
    },
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: a month not as YYYY-MM' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: reports are for staff with report.view' })
  async operations(
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OperationsReport | string> {
    const { format } = parseOrThrow(FormatSchema, { format: query['format'] });
    const input = parseOrThrow(OperationsReportInputSchema, { month: query['month'] });
    const report = await this.bus.request(ReportsRequests.operations, input);
    return wantsCsv(format, accept)
      ? sendCsv(reply, `operations-${input.month}.csv`, operationsCsv(report))
      : report;
  }

  @Get('reports/regions')
  @ApiOperation({
    summary:
      'Per region and month (S2.2, S2.4): requests started, the financial plan against the approved amounts (in kopecks), marketing violations; with totals (report.view); format=csv for a spreadsheet (amounts in roubles)',
    description:
      'A row belongs to the nearest org of kind region above the request’s or the register record’s org (a restaurant’s region). Plan lines count in their own month, violations in the month of their date, requests in the month they started.',
  })
  @ApiQuery({ name: 'from', required: true, type: String, example: '2027-01' })
  @ApiQuery({ name: 'to', required: true, type: String, example: '2027-03' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', CSV_TYPE)
  @ApiOkResponse({
    schema: openApiSchema(RegionReportSchema),
    content: {
      'application/json': { schema: openApiSchema(RegionReportSchema), example: regionsExample },
      [CSV_TYPE]: { example: regionsCsv(regionsExample) },
    },
  })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: a month not as YYYY-MM, to before from, over 24 months',
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: reports are for staff with report.view' })
  async regions(
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegionReport | string> {
    const { format } = parseOrThrow(FormatSchema, { format: query['format'] });
    const input = parseOrThrow(RegionReportInputSchema, { from: query['from'], to: query['to'] });
    const report = await this.bus.request(ReportsRequests.regions, input);
    return wantsCsv(format, accept)
      ? sendCsv(reply, `regions-${input.from}-${input.to}.csv`, regionsCsv(report))
      : report;
  }
}
