import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DocumentView, GeneratedDocument, Page, Receipt, ReceiptBundle } from '@orbita/contracts';
import {
  CreateDocumentInputSchema,
  DocumentPageSchema,
  DocumentViewSchema,
  DocumentsHttpPaths,
  DocumentsRequests,
  GenerateDocumentInputSchema,
  GeneratedDocumentSchema,
  IdSchema,
  ListDocumentsInputSchema,
  ReceiptBundleSchema,
  ReceiptKeysSchema,
  ReceiptSchema,
  UnreadCountInputSchema,
} from '@orbita/contracts';
import { BusClient, Public, parseOrThrow } from '@orbita/platform';
import { STREAMED_UPLOAD_TYPES, requireStreamedBody } from '../files/files.http.controller';
import { DocumentsProxy } from '../files/documents-proxy';
import { openApiSchema } from '../openapi/zod-openapi';

/** The route that takes a new version's body as a stream (see main.ts). */
export const VERSION_UPLOAD_ROUTE = '/api/documents/:documentId/versions';

const VersionNumberSchema = z.coerce.number().int().positive().max(1_000_000);
const PublishBodySchema = z.object({ version: z.number().int().positive().optional() });
const VoidBodySchema = z.object({ reason: z.string().max(1_000) });

/** The public half of the receipt signing key: anyone verifying a receipt needs it, no account. */
@ApiTags('documents')
@Controller('api/documents/receipt-keys')
export class ReceiptKeysHttpController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'The public keys receipts are signed with (Ed25519, SPKI DER base64), to verify them offline',
  })
  @ApiOkResponse({ schema: openApiSchema(ReceiptKeysSchema) })
  receiptKeys() {
    return this.bus.request(DocumentsRequests.receiptKeys, {});
  }
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('api/documents')
export class DocumentsHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly documents: DocumentsProxy,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a document (a draft without content); add versions to it' })
  @ApiBody({
    schema: openApiSchema(CreateDocumentInputSchema, 'input'),
    examples: {
      contract: {
        value: {
          title: 'Договор на вывоз отходов',
          type: 'contract',
          number: 'Д-17/2026',
          counterpartyOrgId: '01JDEM0000000000000000RG04',
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(DocumentViewSchema) })
  create(@Body() body: unknown): Promise<DocumentView> {
    return this.bus.request(DocumentsRequests.create, parseOrThrow(CreateDocumentInputSchema, body));
  }

  @Post('generate')
  @ApiOperation({
    summary:
      'Generate a numbered PDF document from a template; a repeated idempotencyKey answers the same document',
  })
  @ApiBody({
    schema: openApiSchema(GenerateDocumentInputSchema, 'input'),
    examples: {
      invoice: {
        value: {
          templateKey: 'invoice',
          counterpartyOrgId: '01JDEM0000000000000000RG04',
          idempotencyKey: 'invoice-2026-11-raduga',
          publish: true,
          data: {
            basis: 'Договор № Д-17/2026 от 15 января 2026 г.',
            vat: { rate: 20, included: false },
            items: [
              { name: 'Вывоз ТКО, контейнер 8 м³, ноябрь 2026 г.', unit: 'рейс', quantity: 22, price: 4850 },
            ],
          },
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(GeneratedDocumentSchema) })
  generate(@Body() body: unknown): Promise<GeneratedDocument> {
    return this.bus.request(DocumentsRequests.generate, parseOrThrow(GenerateDocumentInputSchema, body), {
      // Rendering a PDF may take longer than an ordinary request.
      timeoutMs: 60_000,
    });
  }

  @Get()
  @ApiOperation({
    summary:
      'Documents I may see, newest first, by cursor: by counterparty (the client card), process instance, type, status, dates, title or number prefix, unread',
  })
  @ApiQuery({ name: 'counterpartyOrgId', required: false })
  @ApiQuery({ name: 'processInstanceId', required: false })
  @ApiQuery({ name: 'type', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['draft', 'published', 'void'] })
  @ApiQuery({ name: 'from', required: false, description: 'Created at or after (ISO 8601)' })
  @ApiQuery({ name: 'to', required: false, description: 'Created before (ISO 8601)' })
  @ApiQuery({ name: 'q', required: false, description: 'Prefix of the title or the number' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(DocumentPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<DocumentView>> {
    return this.bus.request(DocumentsRequests.list, parseOrThrow(ListDocumentsInputSchema, query));
  }

  @Get('unread-count')
  @ApiOperation({
    summary: 'How many documents published to the org (mine unless named) nobody there has opened',
  })
  @ApiQuery({ name: 'counterpartyOrgId', required: false })
  @ApiOkResponse({ schema: { type: 'object', properties: { count: { type: 'integer' } } } })
  unreadCount(@Query() query: Record<string, unknown>): Promise<{ count: number }> {
    return this.bus.request(DocumentsRequests.unreadCount, parseOrThrow(UnreadCountInputSchema, query));
  }

  @Get('templates')
  @ApiOperation({ summary: 'Templates documents can be generated from, with the JSON Schema of their data' })
  listTemplates() {
    return this.bus.request(DocumentsRequests.listTemplates, {});
  }

  @Get(':documentId')
  @ApiOperation({
    summary: 'One document with its versions; the counterparty opening it is recorded (a receipt)',
  })
  @ApiOkResponse({ schema: openApiSchema(DocumentViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such document, or not one you may see' })
  get(@Param('documentId') documentId: string): Promise<DocumentView> {
    return this.bus.request(DocumentsRequests.get, { documentId: parseOrThrow(IdSchema, documentId) });
  }

  @Post(':documentId/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a version (the newest unless named) to the counterparty' })
  @ApiBody({
    schema: openApiSchema(PublishBodySchema, 'input'),
    examples: { newest: { value: {} }, named: { value: { version: 2 } } },
  })
  @ApiOkResponse({ schema: openApiSchema(DocumentViewSchema) })
  publish(@Param('documentId') documentId: string, @Body() body: unknown): Promise<DocumentView> {
    const { version } = parseOrThrow(PublishBodySchema, body ?? {});
    return this.bus.request(DocumentsRequests.publish, {
      documentId: parseOrThrow(IdSchema, documentId),
      ...(version ? { version } : {}),
    });
  }

  @Post(':documentId/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Void (annul) a document, saying why; its versions stay readable' })
  @ApiBody({
    schema: openApiSchema(VoidBodySchema, 'input'),
    examples: { replaced: { value: { reason: 'Заменён договором Д-18/2026' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(DocumentViewSchema) })
  void(@Param('documentId') documentId: string, @Body() body: unknown): Promise<DocumentView> {
    const { reason } = parseOrThrow(VoidBodySchema, body);
    return this.bus.request(DocumentsRequests.void, {
      documentId: parseOrThrow(IdSchema, documentId),
      reason,
    });
  }

  @Post(':documentId/versions')
  @ApiOperation({
    summary:
      'Add a version (streamed): the raw bytes as application/octet-stream with ?name=, or multipart/form-data with one file; ?comment= optional',
  })
  @ApiConsumes(...STREAMED_UPLOAD_TYPES)
  @ApiQuery({ name: 'name', required: false })
  @ApiQuery({ name: 'comment', required: false })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: openApiSchema(DocumentViewSchema) })
  async addVersion(
    @Param('documentId') documentId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireStreamedBody(request);
    const query = new URLSearchParams();
    for (const key of ['name', 'comment']) {
      const value = (request.query as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        query.set(key, value);
      }
    }
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    await this.documents.forward(
      request,
      reply,
      'POST',
      `${DocumentsHttpPaths.addVersion(parseOrThrow(IdSchema, documentId))}${suffix}`,
    );
  }

  @Get(':documentId/versions/:version/content')
  @ApiOperation({
    summary:
      "Download a version's content (streamed; Range and If-None-Match honoured); the counterparty's download is recorded",
  })
  @ApiProduces('application/octet-stream')
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such document or version, or not one you may see' })
  async content(
    @Param('documentId') documentId: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.documents.forward(
      request,
      reply,
      'GET',
      DocumentsHttpPaths.versionContent(
        parseOrThrow(IdSchema, documentId),
        parseOrThrow(VersionNumberSchema, version),
      ),
    );
  }

  @Get(':documentId/receipts')
  @ApiOperation({ summary: "The document's receipts, in chain order" })
  @ApiOkResponse({ schema: openApiSchema(z.object({ items: z.array(ReceiptSchema) })) })
  listReceipts(@Param('documentId') documentId: string): Promise<{ items: Receipt[] }> {
    return this.bus.request(DocumentsRequests.listReceipts, {
      documentId: parseOrThrow(IdSchema, documentId),
    });
  }

  @Get(':documentId/receipts/:receiptId')
  @ApiOperation({
    summary:
      'A signed receipt with its chain and the public key (JSON): verify it with npm run verify-receipt -- file',
  })
  @ApiOkResponse({ schema: openApiSchema(ReceiptBundleSchema) })
  async receipt(
    @Param('documentId') documentId: string,
    @Param('receiptId') receiptId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReceiptBundle> {
    const bundle = await this.bus.request(DocumentsRequests.getReceipt, {
      documentId: parseOrThrow(IdSchema, documentId),
      receiptId: parseOrThrow(IdSchema, receiptId),
    });
    void reply.header('content-disposition', `attachment; filename="receipt-${bundle.receiptId}.json"`);
    return bundle;
  }

  @Get(':documentId/receipts/:receiptId/pdf')
  @ApiOperation({ summary: 'A receipt as a one-page PDF' })
  @ApiProduces('application/pdf')
  async receiptPdf(
    @Param('documentId') documentId: string,
    @Param('receiptId') receiptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.documents.forward(
      request,
      reply,
      'GET',
      DocumentsHttpPaths.receiptPdf(parseOrThrow(IdSchema, documentId), parseOrThrow(IdSchema, receiptId)),
    );
  }
}
