import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserView } from '@orbita/contracts';
import { IdentityRequests, UserViewSchema } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/me')
export class MeHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  me(): Promise<UserView> {
    return this.bus.request(IdentityRequests.me, {});
  }
}
