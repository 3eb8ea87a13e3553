import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@orbita/platform';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../config.token';
import { asyncApiDocument } from './asyncapi';

@ApiTags('docs')
@Controller('api/docs')
export class DocsHttpController {
  private readonly asyncApi: Record<string, unknown>;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    this.asyncApi = asyncApiDocument(config.NATS_URL.split(',')[0] ?? config.NATS_URL);
  }

  @Public()
  @Get('asyncapi.json')
  @ApiOperation({
    summary: 'The AsyncAPI document of the events other systems may subscribe to on NATS JetStream',
  })
  @ApiOkResponse({ description: 'AsyncAPI 2.6 document' })
  asyncapi(): Record<string, unknown> {
    return this.asyncApi;
  }
}
