import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResponseOf } from '@orbita/contracts';
import { CatalogueSchema, TemplatesRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

/** What a person may start: staff and portal users each see the processes offered to them. */
@ApiTags('process-templates')
@ApiBearerAuth()
@Controller('api/catalogue')
export class CatalogueHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary:
      'The processes I may start, by category then name, with their names in both languages and their start forms',
  })
  @ApiOkResponse({ schema: openApiSchema(CatalogueSchema) })
  catalogue(): Promise<ResponseOf<typeof TemplatesRequests.catalogue>> {
    return this.bus.request(TemplatesRequests.catalogue, {});
  }
}
