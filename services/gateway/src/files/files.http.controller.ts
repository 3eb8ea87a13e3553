import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FileView } from '@orbita/contracts';
import { DocumentsHttpPaths, DocumentsRequests, FileViewSchema, IdSchema } from '@orbita/contracts';
import { AppError, BusClient, parseOrThrow, requestMediaType, unsupportedBodyType } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';
import { DocumentsProxy } from './documents-proxy';

/** Body types the upload route takes as a stream (see main.ts); anything else is refused. */
export const STREAMED_UPLOAD_TYPES = ['application/octet-stream', 'multipart/form-data'];
/** UNSUPPORTED_MEDIA_TYPE unless the body is one the upload routes stream through. */
export function requireStreamedBody(request: FastifyRequest): void {
  if (!STREAMED_UPLOAD_TYPES.includes(requestMediaType(request).toLowerCase())) {
    throw AppError.unsupportedMediaType(
      unsupportedBodyType(requestMediaType(request), STREAMED_UPLOAD_TYPES),
    );
  }
}

/** The one route that takes them (POST). */
export const UPLOAD_ROUTE = '/api/files';

@ApiTags('files')
@ApiBearerAuth()
@Controller(UPLOAD_ROUTE.slice(1))
export class FilesHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly documents: DocumentsProxy,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Upload a file (streamed): the raw bytes as application/octet-stream with ?name=, or multipart/form-data with one file',
  })
  @ApiConsumes(...STREAMED_UPLOAD_TYPES)
  @ApiQuery({ name: 'name', required: false, description: 'File name (for raw uploads)' })
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ schema: openApiSchema(FileViewSchema) })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: above the configured limit' })
  @ApiUnsupportedMediaTypeResponse({
    description:
      'UNSUPPORTED_MEDIA_TYPE: the type detected from the content is not allowed (ALLOWED_CONTENT_TYPES), or is a program',
  })
  async upload(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    requireStreamedBody(request);
    const query = request.query as Record<string, unknown>;
    const name = typeof query['name'] === 'string' ? `?name=${encodeURIComponent(query['name'])}` : '';
    await this.documents.forward(request, reply, 'POST', `${DocumentsHttpPaths.upload}${name}`);
  }

  @Get(':fileId')
  @ApiOperation({ summary: "A file's metadata: name, size, SHA-256, detected type" })
  @ApiOkResponse({ schema: openApiSchema(FileViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such file, or not one you may see' })
  get(@Param('fileId') fileId: string): Promise<FileView> {
    return this.bus.request(DocumentsRequests.getFile, { fileId: parseOrThrow(IdSchema, fileId) });
  }

  @Get(':fileId/content')
  @ApiOperation({
    summary:
      "Download a file's content (streamed); X-Content-SHA256 carries its checksum. One byte range (Range, If-Range) answers 206; If-None-Match with the ETag answers 304",
  })
  @ApiProduces('application/octet-stream')
  @ApiHeader({ name: 'range', required: false, description: 'One byte range, e.g. bytes=0-1023' })
  @ApiHeader({ name: 'if-none-match', required: false, description: 'The ETag of a copy held' })
  @ApiHeader({ name: 'if-range', required: false, description: 'The ETag the range was taken against' })
  @ApiResponse({ status: 206, description: 'The requested range (Content-Range)' })
  @ApiResponse({ status: 304, description: 'The copy held is current' })
  @ApiResponse({ status: 416, description: 'RANGE_NOT_SATISFIABLE: the range starts beyond the end' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such file, or not one you may see' })
  async content(
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.documents.forward(
      request,
      reply,
      'GET',
      DocumentsHttpPaths.content(parseOrThrow(IdSchema, fileId)),
    );
  }
}
