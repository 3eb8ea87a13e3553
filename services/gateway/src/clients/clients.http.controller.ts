import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { ClientCard } from '@orbita/contracts';
import { ClientCardSchema, ClientsRequests } from '@orbita/contracts';
import { BusClient } from '@orbita/platform';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

/** The client card: an external org as its personal manager and its own people see it. */
@ApiTags('clients')
@ApiBearerAuth()
@Controller('api/clients')
export class ClientsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get(':orgId/card')
  @ApiOperation({
    summary:
      'A client’s or partner’s card: contracts, service points with schedules, invoices with payment status, payments, open and closed requests with who holds them, documents',
    description:
      'Staff see the card of an external org they may see (its personal manager, the company’s admins); portal users see their own org’s. Documents are those the caller may see, the 20 newest; when the documents service does not answer, `documents` is null and `partial` true.',
  })
  @ApiOkResponse({ schema: openApiSchema(ClientCardSchema) })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: a malformed id, or an org of the company (only clients and partners have a card)',
  })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such org, or not one you may see' })
  card(@Param('orgId') orgId: string): Promise<ClientCard> {
    return this.bus.request(ClientsRequests.card, { orgId: idParam('orgId', orgId) });
  }
}
