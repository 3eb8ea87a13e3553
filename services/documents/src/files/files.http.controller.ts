import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FileView } from '@orbita/contracts';
import { IdSchema } from '@orbita/contracts';
import { BearerAuthGuard, RequestContext, parseOrThrow } from '@orbita/platform';
import { ContentResponder } from '../content/content-responder';
import { uploadSource } from '../content/upload-source';
import { FilesService } from './files.service';

/**
 * The streaming side of documents, called by the gateway with the user's own token: bodies go from
 * the client through the gateway into object storage without being held in memory.
 */
@ApiExcludeController()
@UseGuards(BearerAuthGuard)
@Controller('internal/files')
export class FilesHttpController {
  constructor(
    private readonly files: FilesService,
    private readonly responder: ContentResponder,
  ) {}

  @Post()
  async upload(@Req() request: FastifyRequest, @Query('name') name?: string): Promise<FileView> {
    const principal = RequestContext.principal();
    if (!principal) {
      throw new Error('BearerAuthGuard did not set the principal');
    }
    const source = await uploadSource(request, name);
    return this.files.upload(principal, source);
  }

  @Get(':fileId/content')
  async content(
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const principal = RequestContext.principal();
    if (!principal) {
      throw new Error('BearerAuthGuard did not set the principal');
    }
    const content = await this.files.open(principal, parseOrThrow(IdSchema, fileId));
    await this.responder.send(request, reply, content);
  }
}
