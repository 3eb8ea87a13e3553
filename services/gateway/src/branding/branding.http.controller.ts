import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BrandingView } from '@orbita/contracts';
import { BrandingViewSchema, ErrorCode } from '@orbita/contracts';
import { AppError, Public } from '@orbita/platform';
import type { FastifyReply } from 'fastify';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';
import { openApiSchema } from '../openapi/zod-openapi';
import type { Logo } from './branding';
import { brandingView, loadLogo } from './branding';

/**
 * The company's name, logo and primary colour (BRAND_* in the gateway's config), for the web app
 * before anyone signs in: the login page and the embedded portal wear them too.
 */
@ApiTags('web')
@Controller('api/branding')
export class BrandingHttpController {
  private readonly logo: Logo | null;
  private readonly view: BrandingView;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.logo = loadLogo(config);
    this.view = brandingView(config, this.logo);
  }

  @Public()
  @Get()
  @ApiOperation({ summary: "The company's name, logo and primary colour for the web app (no sign-in)" })
  @ApiOkResponse({
    schema: {
      ...openApiSchema(BrandingViewSchema),
      example: { name: 'ЭкоТранс', logoUrl: '/api/branding/logo', primaryColour: '#0958d9' },
    },
  })
  branding(@Res({ passthrough: true }) reply: FastifyReply): BrandingView {
    // The same for everyone and changed only by a restart: a short public cache is harmless.
    void reply.header('cache-control', 'public, max-age=300');
    return this.view;
  }

  @Public()
  @Get('logo')
  @ApiOperation({ summary: "The company's logo (404 when the product's own is used)" })
  logoFile(@Res() reply: FastifyReply): FastifyReply {
    if (!this.logo) {
      throw new AppError(ErrorCode.NotFound);
    }
    return reply
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .type(this.logo.contentType)
      .send(this.logo.content);
  }
}
