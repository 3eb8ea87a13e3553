import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Accepted, Jwks, TokenPair } from '@orbita/contracts';
import {
  AcceptedSchema,
  ChangePasswordInputSchema,
  IdentityRequests,
  JwksSchema,
  LoginInputSchema,
  RefreshInputSchema,
  RequestPasswordResetInputSchema,
  ResetPasswordInputSchema,
  TokenPairSchema,
} from '@orbita/contracts';
import { BusClient, Public, RequestContext, parseOrThrow } from '@orbita/platform';
import { clientIp } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';
import { RevocationList } from './revocation-list';

const DEMO_LOGIN = { email: 'ivan@ecotrans.example', password: 'Orbita-Demo-2026' };

@ApiTags('auth')
@Controller()
export class AuthHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly revocations: RevocationList,
  ) {}

  @Public()
  @Post('api/auth/login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Log in with e-mail and password: a short-lived access token and a single-use refresh token',
  })
  @ApiBody({ schema: openApiSchema(LoginInputSchema, 'input'), examples: { demo: { value: DEMO_LOGIN } } })
  @ApiOkResponse({ schema: openApiSchema(TokenPairSchema) })
  @ApiUnauthorizedResponse({
    description: 'INVALID_CREDENTIALS: the same answer for an unknown e-mail and a wrong password',
  })
  @ApiTooManyRequestsResponse({
    description: 'TOO_MANY_REQUESTS: too many failed attempts; Retry-After says when to try again',
  })
  login(@Body() body: unknown, @Req() request: FastifyRequest): Promise<TokenPair> {
    return this.bus.request(IdentityRequests.login, {
      ...parseOrThrow(LoginInputSchema, body),
      clientIp: clientIp(request),
    });
  }

  @Public()
  @Post('api/auth/refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange a refresh token for a new pair; a refresh token used twice ends its session',
  })
  @ApiBody({
    schema: openApiSchema(RefreshInputSchema, 'input'),
    examples: { refresh: { value: { refreshToken: '01JDEMO….secret' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(TokenPairSchema) })
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED: unknown, spent, expired or revoked refresh token',
  })
  refresh(@Body() body: unknown): Promise<TokenPair> {
    return this.bus.request(IdentityRequests.refresh, parseOrThrow(RefreshInputSchema, body));
  }

  @ApiBearerAuth()
  @Post('api/auth/logout')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'End this session: its refresh token and access tokens stop working at once' })
  @ApiOkResponse({ schema: openApiSchema(AcceptedSchema) })
  async logout(): Promise<Accepted> {
    const sessionId = RequestContext.principal()?.sessionId;
    const answer = await this.bus.request(IdentityRequests.logout, {});
    if (sessionId) {
      this.revocations.revokeSession(sessionId);
    }
    return answer;
  }

  @ApiBearerAuth()
  @Post('api/auth/password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Change my password (needs the current one); my other sessions end' })
  @ApiBody({
    schema: openApiSchema(ChangePasswordInputSchema, 'input'),
    examples: {
      change: { value: { currentPassword: 'Orbita-Demo-2026', newPassword: 'a long passphrase of mine' } },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(AcceptedSchema) })
  changePassword(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Accepted> {
    return this.bus.request(IdentityRequests.changePassword, {
      ...parseOrThrow(ChangePasswordInputSchema, body),
      clientIp: clientIp(request),
    });
  }

  @Public()
  @Post('api/auth/password-reset/request')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'E-mail me a password reset link (the same answer whether or not the e-mail has an account)',
  })
  @ApiBody({
    schema: openApiSchema(RequestPasswordResetInputSchema, 'input'),
    examples: { reset: { value: { email: 'olga@raduga.example', locale: 'ru' } } },
  })
  @ApiAcceptedResponse({ schema: openApiSchema(AcceptedSchema) })
  requestPasswordReset(@Body() body: unknown, @Req() request: FastifyRequest): Promise<Accepted> {
    return this.bus.request(IdentityRequests.requestPasswordReset, {
      ...parseOrThrow(RequestPasswordResetInputSchema, body),
      clientIp: clientIp(request),
    });
  }

  @Public()
  @Post('api/auth/password-reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Set a new password with the token from a reset link; every session ends' })
  @ApiBody({
    schema: openApiSchema(ResetPasswordInputSchema, 'input'),
    examples: { reset: { value: { token: 'token-from-the-link', newPassword: 'a new long passphrase' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(AcceptedSchema) })
  resetPassword(@Body() body: unknown): Promise<Accepted> {
    return this.bus.request(IdentityRequests.resetPassword, parseOrThrow(ResetPasswordInputSchema, body));
  }

  @Public()
  @Get('.well-known/jwks.json')
  // Public keys, no personal data: verifiers may keep them a minute. A key rotated in meanwhile is
  // found by refetching on an unknown kid, as JWKS clients do; one retired stays usable that long.
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: 'The public keys access tokens are signed with (JWKS)' })
  @ApiOkResponse({ schema: openApiSchema(JwksSchema) })
  jwks(): Promise<Jwks> {
    return this.bus.request(IdentityRequests.jwks, {}, { anonymous: true });
  }
}
