import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Jwks, TokenPair } from '@orbita/contracts';
import { IdentityRequests, JwksSchema, LoginInputSchema, TokenPairSchema } from '@orbita/contracts';
import { BusClient, Public, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('auth')
@Controller()
export class AuthHttpController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Post('api/auth/login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log in with e-mail and password; answers a short-lived access token' })
  @ApiBody({
    schema: openApiSchema(LoginInputSchema, 'input'),
    examples: { demo: { value: { email: 'ivan@ecotrans.example', password: 'Orbita-Demo-2026' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(TokenPairSchema) })
  @ApiUnauthorizedResponse({
    description: 'INVALID_CREDENTIALS: the same answer for an unknown e-mail and a wrong password',
  })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_REQUESTS: too many failed attempts, wait and retry' })
  login(@Body() body: unknown): Promise<TokenPair> {
    return this.bus.request(IdentityRequests.login, parseOrThrow(LoginInputSchema, body));
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'The public keys access tokens are signed with (JWKS)' })
  @ApiOkResponse({ schema: openApiSchema(JwksSchema) })
  jwks(): Promise<Jwks> {
    return this.bus.request(IdentityRequests.jwks, {}, { principal: null });
  }
}
