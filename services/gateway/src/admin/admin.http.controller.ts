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

const USAGE_EXAMPLE: LicenceUsage = {
  licenceId: 'ORB-DEMO-ECOTRANS',
  licensee: 'Demo: EcoTrans (not for production)',
  issuedAt: '2026-11-29T17:54:01Z',
  expiresAt: '2030-12-31T23:59:59Z',
  expired: false,
  expiresInDays: 1493,
  pools: [
    { type: 'full', size: 25, used: 5, available: 20 },
    { type: 'portal', size: 200, used: 2, available: 198 },
  ],
  warnings: [],
};

/** What `npm run licence -- issue` writes: the licence as JSON, then its Ed25519 signature. */
const LICENCE_EXAMPLE = [
  '{',
  '  "formatVersion": 1,',
  '  "licenceId": "ORB-2027-0042",',
  '  "licensee": "EcoTrans LLC",',
  '  "issuedAt": "2026-12-01T00:00:00Z",',
  '  "expiresAt": "2027-12-31T23:59:59Z",',
  '  "pools": { "full": 40, "portal": 500 }',
  '}',
  '-----BEGIN ORBITA LICENCE SIGNATURE-----',
  '<base64 Ed25519 signature>',
  '-----END ORBITA LICENCE SIGNATURE-----',
].join('\n');

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/admin')
export class AdminHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('licence')
  @ApiOperation({
    summary: 'Licence usage: seat pools (size, used, free), expiry and warnings (licence.view)',
  })
  @ApiOkResponse({ schema: { ...openApiSchema(LicenceUsageSchema), example: USAGE_EXAMPLE } })
  licence(): Promise<LicenceUsage> {
    return this.bus.request(IdentityRequests.licenceUsage, {});
  }

  @Put('licence')
  @ApiOperation({
    summary:
      'Install a licence file signed by the vendor (licence.manage); a file changed by one byte is refused',
  })
  @ApiBody({
    schema: openApiSchema(InstallLicenceInputSchema, 'input'),
    examples: { licence: { value: { licence: LICENCE_EXAMPLE } } },
  })
  @ApiOkResponse({ schema: { ...openApiSchema(LicenceUsageSchema), example: USAGE_EXAMPLE } })
  installLicence(@Body() body: unknown): Promise<LicenceUsage> {
    return this.bus.request(IdentityRequests.installLicence, parseOrThrow(InstallLicenceInputSchema, body));
  }

  @Post('keys/rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Start signing access tokens with a new key; the old one stays valid until its tokens expire (keys.manage)',
  })
  @ApiOkResponse({ schema: { ...openApiSchema(RotatedKeySchema), example: { kid: 'k-01JF3Q8Y2J7H' } } })
  rotateKey(): Promise<{ kid: string }> {
    return this.bus.request(IdentityRequests.rotateKey, {});
  }
}
