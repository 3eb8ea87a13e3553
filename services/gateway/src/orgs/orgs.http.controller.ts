import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { OrgView, Page } from '@orbita/contracts';
import {
  CreateOrgInputSchema,
  IdentityRequests,
  ListOrgsInputSchema,
  OrgPageSchema,
  OrgViewSchema,
  UpdateOrgInputSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('api/orgs')
export class OrgsHttpController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a department, region or branch, a client or partner org (with its personal manager), or a site of a client',
  })
  @ApiBody({
    schema: openApiSchema(CreateOrgInputSchema, 'input'),
    examples: {
      client: {
        value: {
          name: 'ТЦ Радуга-2',
          kind: 'client',
          parentId: '01JDEM0000000000000000RG01',
          managerId: '01JDEM000000000000000USR02',
        },
      },
      branch: { value: { name: 'EcoTrans South', kind: 'branch', parentId: '01JDEM0000000000000000RG01' } },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(OrgViewSchema) })
  create(@Body() body: unknown): Promise<OrgView> {
    return this.bus.request(IdentityRequests.createOrg, parseOrThrow(CreateOrgInputSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'Orgs I may see (optionally the children of one), by cursor' })
  @ApiQuery({ name: 'parentId', required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ schema: openApiSchema(OrgPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<OrgView>> {
    return this.bus.request(IdentityRequests.listOrgs, parseOrThrow(ListOrgsInputSchema, query));
  }

  @Get(':orgId')
  @ApiOperation({ summary: 'One org (NOT_FOUND for any I may not see)' })
  @ApiOkResponse({ schema: openApiSchema(OrgViewSchema) })
  get(@Param('orgId') orgId: string): Promise<OrgView> {
    return this.bus.request(IdentityRequests.getOrg, { orgId: idParam('orgId', orgId) });
  }

  @Patch(':orgId')
  @ApiOperation({ summary: 'Rename an org, change its personal manager or its head' })
  @ApiBody({
    schema: openApiSchema(UpdateOrgInputSchema, 'input'),
    examples: { head: { value: { headId: '01JDEM000000000000000USR02' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(OrgViewSchema) })
  update(@Param('orgId') orgId: string, @Body() body: unknown): Promise<OrgView> {
    return this.bus.request(IdentityRequests.updateOrg, {
      orgId: idParam('orgId', orgId),
      changes: parseOrThrow(UpdateOrgInputSchema, body),
    });
  }
}
