import { Body, Controller, Get, HttpCode, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  AcknowledgementProgress,
  FeedEntryView,
  InstanceSummary,
  InstanceView,
  Page,
} from '@orbita/contracts';
import {
  AcknowledgementProgressSchema,
  AddCommentInputSchema,
  DocumentViewSchema,
  DocumentsHttpPaths,
  FeedEntryViewSchema,
  FeedPageSchema,
  InstancePageSchema,
  InstanceViewSchema,
  ListInstancesInputSchema,
  PageQuerySchema,
  ProcessRequests,
  StartInstanceInputSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { z } from 'zod';
import { bodyObject, idParam } from '../common/params';
import { DocumentsProxy } from '../files/documents-proxy';
import { STREAMED_UPLOAD_TYPES, requireStreamedBody } from '../files/files.http.controller';
import { openApiSchema } from '../openapi/zod-openapi';

const StartBodySchema = StartInstanceInputSchema.omit({ idempotencyKey: true });
const CancelBodySchema = z.object({ reason: z.string() });
const IdempotencyKeySchema = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const CommentBodySchema = AddCommentInputSchema.omit({ instanceId: true });
const StepQuerySchema = z.object({ stepId: z.string().max(63).optional() });

/** The route a request's attachments are uploaded to (streamed, see main.ts). */
export const ATTACHMENT_UPLOAD_ROUTE = '/api/requests/:instanceId/attachments';
/** The route a start form's files are uploaded to before the request exists (streamed). */
export const FORM_FILE_UPLOAD_ROUTE = '/api/requests/files';

/** Requests: process instances that staff and portal users start from the catalogue (ARCHITECTURE §6). */
@ApiTags('requests')
@ApiBearerAuth()
@Controller('api/requests')
export class RequestsHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly documents: DocumentsProxy,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start a request from a published template I may start (the catalogue)',
    description:
      'The start form is checked against the template’s JSON Schema. Send an Idempotency-Key header to make a retry safe: the same key answers the same request.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({
    schema: openApiSchema(StartBodySchema, 'input'),
    examples: {
      pickUp: {
        value: { templateKey: 'urgent-pickup', form: { address: 'пр-т Вернадского, 86', volume: 8 } },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(InstanceViewSchema) })
  start(@Body() body: unknown, @Headers() headers: Record<string, unknown>): Promise<InstanceView> {
    const input = parseOrThrow(StartBodySchema, body);
    const key = parseOrThrow(IdempotencyKeySchema, { 'idempotency-key': headers['idempotency-key'] })[
      'idempotency-key'
    ];
    return this.bus.request(ProcessRequests.start, { ...input, ...(key ? { idempotencyKey: key } : {}) });
  }

  @Get()
  @ApiOperation({ summary: 'Requests: those I take part in, those I started, or an org’s; newest first' })
  @ApiQuery({ name: 'scope', required: false, enum: ['involved', 'mine', 'org'] })
  @ApiQuery({ name: 'orgId', required: false, type: String })
  @ApiQuery({ name: 'status', required: false, enum: ['running', 'completed', 'rejected', 'cancelled'] })
  @ApiQuery({ name: 'templateKey', required: false, type: String })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(InstancePageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<InstanceSummary>> {
    return this.bus.request(ProcessRequests.list, parseOrThrow(ListInstancesInputSchema, query));
  }

  @Get(':instanceId')
  @ApiOperation({
    summary: 'One request: its form, its steps as a timeline, who holds it now and since when',
  })
  @ApiOkResponse({ schema: openApiSchema(InstanceViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such request, or not one you may see' })
  get(@Param('instanceId') instanceId: string): Promise<InstanceView> {
    return this.bus.request(ProcessRequests.get, { instanceId: idParam('instanceId', instanceId) });
  }

  @Post(':instanceId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a running request, with a reason (managers: task.manage over it)' })
  @ApiBody({
    schema: openApiSchema(CancelBodySchema, 'input'),
    examples: { duplicate: { value: { reason: 'Заявка подана дважды' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(InstanceViewSchema) })
  @ApiConflictResponse({ description: 'CONFLICT: the request has ended already' })
  cancel(@Param('instanceId') instanceId: string, @Body() body: unknown): Promise<InstanceView> {
    return this.bus.request(
      ProcessRequests.cancel,
      parseOrThrow(ProcessRequests.cancel.request, {
        ...bodyObject(body),
        instanceId: idParam('instanceId', instanceId),
      }),
    );
  }

  @Get(':instanceId/feed')
  @ApiOperation({
    summary: 'The request’s feed in order: comments, attachments, system entries (portal users: shared ones)',
  })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(FeedPageSchema) })
  feed(
    @Param('instanceId') instanceId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<Page<FeedEntryView>> {
    return this.bus.request(ProcessRequests.feed, {
      ...parseOrThrow(PageQuerySchema, query),
      instanceId: idParam('instanceId', instanceId),
    });
  }

  @Post(':instanceId/comments')
  @ApiOperation({
    summary: 'Comment on a request (mentions notify; internal notes are never shown to portal users)',
  })
  @ApiBody({
    schema: openApiSchema(CommentBodySchema, 'input'),
    examples: {
      shared: { value: { text: 'Машина будет к 15:00', visibility: 'shared' } },
      note: {
        value: {
          text: 'Проверь маршрут, пожалуйста',
          visibility: 'internal',
          mentions: ['01JDEM000000000000000USR03'],
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(FeedEntryViewSchema) })
  comment(@Param('instanceId') instanceId: string, @Body() body: unknown): Promise<FeedEntryView> {
    return this.bus.request(ProcessRequests.comment, {
      ...parseOrThrow(CommentBodySchema, body),
      instanceId: idParam('instanceId', instanceId),
    });
  }

  @Post(':instanceId/attachments')
  @ApiOperation({
    summary:
      'File a file to a request (streamed), to attach to a comment: the raw bytes as application/octet-stream with ?name=, or multipart/form-data; ?visibility=internal keeps it for the company (portal users’ are always shared)',
  })
  @ApiConsumes(...STREAMED_UPLOAD_TYPES)
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'visibility', required: false, enum: ['internal', 'shared'] })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: openApiSchema(DocumentViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such request, or not one you may see' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: above the configured limit' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'UNSUPPORTED_MEDIA_TYPE: the type detected from the content is not allowed, or is a program',
  })
  async attach(
    @Param('instanceId') instanceId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireStreamedBody(request);
    await this.documents.forward(
      request,
      reply,
      'POST',
      `${DocumentsHttpPaths.attach(idParam('instanceId', instanceId))}${uploadQuery(request)}`,
    );
  }

  @Post('files')
  @ApiOperation({
    summary:
      'File a file for a start form’s upload field (streamed), before the request exists: the raw bytes as application/octet-stream with ?name=, or multipart/form-data; the answer’s id goes into the field, and starting the request links the file to it (until then only its uploader sees it). ?visibility=internal keeps it for the company (portal users’ are always shared)',
  })
  @ApiConsumes(...STREAMED_UPLOAD_TYPES)
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'visibility', required: false, enum: ['internal', 'shared'] })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: openApiSchema(DocumentViewSchema) })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: above the configured limit' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'UNSUPPORTED_MEDIA_TYPE: the type detected from the content is not allowed, or is a program',
  })
  async fileForForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    requireStreamedBody(request);
    await this.documents.forward(
      request,
      reply,
      'POST',
      `${DocumentsHttpPaths.attachForForm}${uploadQuery(request)}`,
    );
  }

  @Get(':instanceId/acknowledgements')
  @ApiOperation({
    summary: 'An acknowledgement order’s live progress: done of total, overdue, who is left and where',
  })
  @ApiQuery({ name: 'stepId', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(AcknowledgementProgressSchema) })
  acknowledgements(
    @Param('instanceId') instanceId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<AcknowledgementProgress> {
    return this.bus.request(ProcessRequests.acknowledgements, {
      ...parseOrThrow(StepQuerySchema, query),
      instanceId: idParam('instanceId', instanceId),
    });
  }

  @Post(':instanceId/acknowledgements/remind')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remind everyone who has not acknowledged yet' })
  @ApiQuery({ name: 'stepId', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(z.object({ reminded: z.number().int() })) })
  remind(
    @Param('instanceId') instanceId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<{ reminded: number }> {
    return this.bus.request(ProcessRequests.remind, {
      ...parseOrThrow(StepQuerySchema, query),
      instanceId: idParam('instanceId', instanceId),
    });
  }
}

/** An upload's file name and visibility, passed on to the documents service as they came. */
function uploadQuery(request: FastifyRequest): string {
  const query = new URLSearchParams();
  for (const key of ['name', 'visibility']) {
    const value = (request.query as Record<string, unknown>)[key];
    if (typeof value === 'string') {
      query.set(key, value);
    }
  }
  return query.size > 0 ? `?${query.toString()}` : '';
}
