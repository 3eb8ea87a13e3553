import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MeView, Page, Supervisor, UserView } from '@orbita/contracts';
import {
  IdentityRequests,
  MeViewSchema,
  ListUsersInputSchema,
  RoleAssignmentInputSchema,
  SupervisorSchema,
  UpdateUserInputSchema,
  UserPageSchema,
  UserViewSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { RevocationList } from '../auth/revocation-list';
import { idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api')
export class UsersHttpController {
  constructor(
    private readonly bus: BusClient,
    private readonly revocations: RevocationList,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The logged-in user' })
  @ApiOkResponse({ schema: openApiSchema(MeViewSchema) })
  me(): Promise<MeView> {
    return this.bus.request(IdentityRequests.me, {});
  }

  @Get('users')
  @ApiOperation({
    summary: 'People I may see (my org subtree, the units I hold roles in), by cursor',
    description:
      'Active people, and deactivated ones with includeDeactivated=true. People still invited are listed with the invitations (GET /api/invitations).',
  })
  @ApiQuery({ name: 'orgId', required: false })
  @ApiQuery({ name: 'includeDeactivated', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ schema: openApiSchema(UserPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<UserView>> {
    return this.bus.request(IdentityRequests.listUsers, parseOrThrow(ListUsersInputSchema, query));
  }

  @Get('users/:userId')
  @ApiOperation({ summary: 'One user (NOT_FOUND for anyone I may not see)' })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  get(@Param('userId') userId: string): Promise<UserView> {
    return this.bus.request(IdentityRequests.getUser, { userId: idParam('userId', userId) });
  }

  @Patch('users/:userId')
  @ApiOperation({
    summary:
      'Change a profile (my own, or as user.manage): name, language, time zone; roles, seat and org are not fields of it',
  })
  @ApiBody({
    schema: openApiSchema(UpdateUserInputSchema, 'input'),
    examples: {
      rename: { value: { displayName: 'Ольга Смирнова-Петрова' } },
      languageAndZone: { value: { locale: 'en', timeZone: 'Asia/Novosibirsk' } },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  update(@Param('userId') userId: string, @Body() body: unknown): Promise<UserView> {
    return this.bus.request(IdentityRequests.updateUser, {
      userId: idParam('userId', userId),
      changes: parseOrThrow(UpdateUserInputSchema, body),
    });
  }

  @Post('users/:userId/roles')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Give a user a role at an org (user.manage, and only permissions I hold there myself)',
  })
  @ApiBody({
    schema: openApiSchema(RoleAssignmentInputSchema, 'input'),
    examples: { manager: { value: { roleId: 'manager', orgId: '01JDEM0000000000000000RG02' } } },
  })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  assignRole(@Param('userId') userId: string, @Body() body: unknown): Promise<UserView> {
    return this.bus.request(IdentityRequests.assignRole, {
      userId: idParam('userId', userId),
      assignment: parseOrThrow(RoleAssignmentInputSchema, body),
    });
  }

  @Delete('users/:userId/roles/:roleId/orgs/:orgId')
  @ApiOperation({ summary: 'Take a role at an org from a user' })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  unassignRole(
    @Param('userId') userId: string,
    @Param('roleId') roleId: string,
    @Param('orgId') orgId: string,
  ): Promise<UserView> {
    return this.bus.request(IdentityRequests.unassignRole, {
      userId: idParam('userId', userId),
      assignment: { roleId: idParam('roleId', roleId), orgId: idParam('orgId', orgId) },
    });
  }

  @Post('users/:userId/deactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Deactivate a user: every session ends at once and the seat is freed' })
  @ApiOkResponse({ schema: openApiSchema(UserViewSchema) })
  async deactivate(@Param('userId') userId: string): Promise<UserView> {
    const user = await this.bus.request(IdentityRequests.deactivateUser, {
      userId: idParam('userId', userId),
    });
    this.revocations.revokeUser(user.id);
    return user;
  }

  @Get('users/:userId/supervisor')
  @ApiOperation({ summary: "A user's supervisor: the head of their unit, or of the nearest unit above" })
  @ApiOkResponse({ schema: openApiSchema(SupervisorSchema) })
  supervisor(@Param('userId') userId: string): Promise<Supervisor> {
    return this.bus.request(IdentityRequests.supervisor, { userId: idParam('userId', userId) });
  }
}
