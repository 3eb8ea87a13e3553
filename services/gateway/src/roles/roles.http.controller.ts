import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { RoleView } from '@orbita/contracts';
import {
  CreateRoleInputSchema,
  IdentityRequests,
  RoleListSchema,
  RoleViewSchema,
  UpdateRoleInputSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('roles')
@ApiBearerAuth()
@Controller('api/roles')
export class RolesHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'The roles (named permission sets) I manage or may give',
    description:
      'With role.manage at the company: every role. With user.manage or user.invite somewhere: the ' +
      'roles I could give, i.e. those whose every permission I hold at an org where I may manage or ' +
      "invite people (a client's admin sees only what she may give in her own org). Anyone else: " +
      'FORBIDDEN. Role names are shown next to people in the user views regardless.',
  })
  @ApiOkResponse({ schema: openApiSchema(RoleListSchema) })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: I may neither manage roles nor give any' })
  list(): Promise<{ items: RoleView[] }> {
    return this.bus.request(IdentityRequests.listRoles, {});
  }

  @Post()
  @ApiOperation({ summary: 'Define a role (role.manage)' })
  @ApiBody({
    schema: openApiSchema(CreateRoleInputSchema, 'input'),
    examples: {
      hr: {
        value: {
          name: 'hr-officer',
          description: 'Handles HR paperwork',
          permissions: ['user.read', 'task.read', 'task.manage', 'file.read', 'file.manage'],
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(RoleViewSchema) })
  create(@Body() body: unknown): Promise<RoleView> {
    return this.bus.request(IdentityRequests.createRole, parseOrThrow(CreateRoleInputSchema, body));
  }

  @Patch(':roleId')
  @ApiOperation({ summary: 'Change a role of your own (built-in roles are fixed)' })
  @ApiBody({
    schema: openApiSchema(UpdateRoleInputSchema, 'input'),
    examples: { perms: { value: { permissions: ['user.read', 'task.read'] } } },
  })
  @ApiOkResponse({ schema: openApiSchema(RoleViewSchema) })
  update(@Param('roleId') roleId: string, @Body() body: unknown): Promise<RoleView> {
    return this.bus.request(IdentityRequests.updateRole, {
      roleId: idParam('roleId', roleId),
      changes: parseOrThrow(UpdateRoleInputSchema, body),
    });
  }
}
