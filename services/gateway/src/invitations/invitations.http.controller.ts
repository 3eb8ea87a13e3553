import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type {
  CreatedInvitation,
  InvitationPreview,
  InvitationView,
  Page,
  TokenPair,
} from '@orbita/contracts';
import {
  AcceptInvitationInputSchema,
  CreateInvitationInputSchema,
  CreatedInvitationSchema,
  IdentityRequests,
  InvitationPageSchema,
  InvitationPreviewSchema,
  InvitationViewSchema,
  LinkTokenSchema,
  ListInvitationsInputSchema,
  TokenPairSchema,
} from '@orbita/contracts';
import { BusClient, Public, parseOrThrow } from '@orbita/platform';
import { z } from 'zod';
import { clientIp, idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

const TokenBodySchema = z.object({ token: LinkTokenSchema });

@ApiTags('invitations')
@Controller('api/invitations')
export class InvitationsHttpController {
  constructor(private readonly bus: BusClient) {}

  @ApiBearerAuth()
  @Post()
  @ApiOperation({
    summary:
      'Invite someone by e-mail into an org; takes a seat (portal for client and partner orgs). The link is e-mailed and returned.',
    description:
      'An address that already has an account I may see is refused with CONFLICT. One whose account I ' +
      'may not see is answered exactly as a new address (so an invitation tells nobody who has an ' +
      'account): the invitation takes a seat, lists as pending, expires and can be revoked, but its ' +
      "link can never be accepted; the account's owner is told by e-mail who invited them where.",
  })
  @ApiConflictResponse({
    description:
      'CONFLICT: the address has an account I may see (or is invited into another org); SEAT_LIMIT_REACHED: the pool is full',
  })
  @ApiBody({
    schema: openApiSchema(CreateInvitationInputSchema, 'input'),
    examples: {
      client: {
        value: {
          email: 'olga.new@raduga.example',
          displayName: 'Ольга Новикова',
          orgId: '01JDEM0000000000000000RG04',
          locale: 'ru',
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(CreatedInvitationSchema) })
  create(@Body() body: unknown): Promise<CreatedInvitation> {
    return this.bus.request(
      IdentityRequests.createInvitation,
      parseOrThrow(CreateInvitationInputSchema, body),
    );
  }

  @ApiBearerAuth()
  @Get()
  @ApiOperation({ summary: 'Invitations into the orgs I may invite into, newest first' })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'accepted', 'revoked', 'expired'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ schema: openApiSchema(InvitationPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<InvitationView>> {
    return this.bus.request(
      IdentityRequests.listInvitations,
      parseOrThrow(ListInvitationsInputSchema, query),
    );
  }

  @ApiBearerAuth()
  @Post(':invitationId/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Withdraw a pending invitation: the link stops working and the seat is freed' })
  @ApiOkResponse({ schema: openApiSchema(InvitationViewSchema) })
  revoke(@Param('invitationId') invitationId: string): Promise<InvitationView> {
    return this.bus.request(IdentityRequests.revokeInvitation, {
      invitationId: idParam('invitationId', invitationId),
    });
  }

  @Public()
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'What an invitation link is for (shown before the password is set)' })
  @ApiBody({
    schema: openApiSchema(TokenBodySchema, 'input'),
    examples: { link: { value: { token: 'token-from-the-link' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(InvitationPreviewSchema) })
  preview(@Body() body: unknown): Promise<InvitationPreview> {
    return this.bus.request(IdentityRequests.previewInvitation, parseOrThrow(TokenBodySchema, body));
  }

  @Public()
  @Post('accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an invitation: set a password and get logged in' })
  @ApiBody({
    schema: openApiSchema(AcceptInvitationInputSchema, 'input'),
    examples: { accept: { value: { token: 'token-from-the-link', password: 'my own long passphrase' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(TokenPairSchema) })
  accept(@Body() body: unknown, @Req() request: FastifyRequest): Promise<TokenPair> {
    return this.bus.request(IdentityRequests.acceptInvitation, {
      ...parseOrThrow(AcceptInvitationInputSchema, body),
      clientIp: clientIp(request),
    });
  }
}
