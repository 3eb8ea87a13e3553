import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DocumentView, Principal } from '@orbita/contracts';
import { IdSchema, textSchema } from '@orbita/contracts';
import { BearerAuthGuard, RequestContext, parseOrThrow } from '@orbita/platform';
import { ContentResponder, uploadSource } from '../content';
import { ReceiptPdf } from '../receipts/receipt-pdf';
import { DocumentsService } from './documents.service';

/** A version number in a path: a positive whole number. */
const VersionNumberSchema = z.coerce.number().int().positive().max(1_000_000);
const CommentSchema = textSchema(1_000).optional();
const VisibilitySchema = z.enum(['internal', 'shared']).default('shared');

/**
 * The streaming side of documents, called by the gateway with the user's own token: a new
 * version's body goes into object storage as it arrives, a version's content (and a receipt's
 * PDF) back the same way.
 */
@ApiExcludeController()
@UseGuards(BearerAuthGuard)
@Controller('internal/documents')
export class DocumentsHttpController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly responder: ContentResponder,
    private readonly receiptPdf: ReceiptPdf,
  ) {}

  @Post(':documentId/versions')
  async addVersion(
    @Param('documentId') documentId: string,
    @Req() request: FastifyRequest,
    @Query('name') name?: string,
    @Query('comment') comment?: string,
  ): Promise<DocumentView> {
    const principal = caller();
    const id = parseOrThrow(IdSchema, documentId);
    const note = parseOrThrow(CommentSchema, comment) ?? null;
    const source = await uploadSource(request, name);
    return this.documents.addVersion(principal, id, source, note === '' ? null : note);
  }

  /** A file filed to a request from its feed (whoever may see the request may). */
  @Post('attachments/:instanceId')
  async attach(
    @Param('instanceId') instanceId: string,
    @Req() request: FastifyRequest,
    @Query('name') name?: string,
    @Query('visibility') visibility?: string,
  ): Promise<DocumentView> {
    const principal = caller();
    const id = parseOrThrow(IdSchema, instanceId);
    const wanted = parseOrThrow(VisibilitySchema, visibility);
    const source = await uploadSource(request, name);
    return this.documents.attach(principal, id, wanted, source);
  }

  /** A file for a form being filled, before its request exists (anyone signed in may). */
  @Post('attachments')
  async attachForForm(
    @Req() request: FastifyRequest,
    @Query('name') name?: string,
    @Query('visibility') visibility?: string,
  ): Promise<DocumentView> {
    const principal = caller();
    const wanted = parseOrThrow(VisibilitySchema, visibility);
    const source = await uploadSource(request, name);
    return this.documents.attachForForm(principal, wanted, source);
  }

  @Get(':documentId/versions/:version/content')
  async content(
    @Param('documentId') documentId: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const content = await this.documents.openVersion(
      caller(),
      parseOrThrow(IdSchema, documentId),
      parseOrThrow(VersionNumberSchema, version),
    );
    await this.responder.send(request, reply, content);
  }

  @Get(':documentId/receipts/:receiptId/pdf')
  async receipt(
    @Param('documentId') documentId: string,
    @Param('receiptId') receiptId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { bundle, version } = await this.documents.receiptWithVersion(
      caller(),
      parseOrThrow(IdSchema, documentId),
      parseOrThrow(IdSchema, receiptId),
    );
    const pdf = await this.receiptPdf.render(bundle, version);
    await reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(pdf.length))
      .header('content-disposition', `attachment; filename="receipt-${bundle.receiptId}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(pdf);
  }
}

function caller(): Principal {
  const principal = RequestContext.principal();
  if (!principal) {
    throw new Error('BearerAuthGuard did not set the principal');
  }
  return principal;
}
