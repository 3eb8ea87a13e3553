import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
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
  @ApiOperation({ summary: 'The roles (named permission sets)' })
  @ApiOkResponse({ schema: openApiSchema(RoleListSchema) })
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
