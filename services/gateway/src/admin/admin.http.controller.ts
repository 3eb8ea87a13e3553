import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LicenceUsage } from '@orbita/contracts';
import {
  IdentityRequests,
  InstallLicenceInputSchema,
  LicenceUsageSchema,
  RotatedKeySchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin')
export class AdminHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('licence')
  @ApiOperation({
    summary: 'Licence usage: seat pools (size, used, free), expiry and warnings (licence.view)',
  })
  @ApiOkResponse({ schema: openApiSchema(LicenceUsageSchema) })
  licence(): Promise<LicenceUsage> {
    return this.bus.request(IdentityRequests.licenceUsage, {});
  }

  @Put('licence')
  @ApiOperation({
    summary:
      'Install a licence file signed by the vendor (licence.manage); a file changed by one byte is refused',
  })
  @ApiBody({ schema: openApiSchema(InstallLicenceInputSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(LicenceUsageSchema) })
  installLicence(@Body() body: unknown): Promise<LicenceUsage> {
    return this.bus.request(IdentityRequests.installLicence, parseOrThrow(InstallLicenceInputSchema, body));
  }

  @Post('keys/rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start signing access tokens with a new key; the old one stays valid until its tokens expire (keys.manage)',
  })
  @ApiOkResponse({ schema: openApiSchema(RotatedKeySchema) })
  rotateKey(): Promise<{ kid: string }> {
    return this.bus.request(IdentityRequests.rotateKey, {});
  }
}
