import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, WorkItemView } from '@orbita/contracts';
import {
  ClaimTaskInputSchema,
  CompleteTaskInputSchema,
  InboxCountsSchema,
  InboxInputSchema,
  ProcessRequests,
  ReassignTaskInputSchema,
  WorkItemPageSchema,
  WorkItemViewSchema,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { bodyObject, idParam } from '../common/params';
import { openApiSchema } from '../openapi/zod-openapi';

const CompleteBodySchema = CompleteTaskInputSchema.omit({ taskId: true });
const ClaimBodySchema = ClaimTaskInputSchema.omit({ taskId: true });
const ReassignBodySchema = ReassignTaskInputSchema.omit({ taskId: true });

/** The inbox and what people do with a work item (complete, approve, return, reject, claim, release, reassign). */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api')
export class InboxHttpController {
  constructor(private readonly bus: BusClient) {}

  @Get('inbox')
  @ApiOperation({ summary: 'My open work and group tasks I may claim: overdue first, then by due time' })
  @ApiQuery({ name: 'view', required: false, enum: ['all', 'mine', 'claimable'] })
  @ApiQuery({ name: 'templateKey', required: false, type: String })
  @ApiQuery({ name: 'clientOrgId', required: false, type: String })
  @ApiQuery({
    name: 'instanceId',
    required: false,
    type: String,
    description: 'Only the work of one request',
  })
  @ApiQuery({ name: 'dueBefore', required: false, type: String })
  @ApiQuery({ name: 'overdue', required: false, type: Boolean })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(WorkItemPageSchema) })
  inbox(@Query() query: Record<string, unknown>): Promise<Page<WorkItemView>> {
    return this.bus.request(ProcessRequests.inbox, parseOrThrow(InboxInputSchema, query));
  }

  @Get('inbox/counts')
  @ApiOperation({ summary: 'How many tasks are mine, to claim, and overdue' })
  @ApiOkResponse({ schema: openApiSchema(InboxCountsSchema) })
  counts(): Promise<{ mine: number; claimable: number; overdue: number }> {
    return this.bus.request(ProcessRequests.counts, {});
  }

  @Get('work-items/:taskId')
  @ApiOperation({
    summary: 'One work item with its outcomes, return targets and the document to acknowledge',
  })
  @ApiOkResponse({ schema: openApiSchema(WorkItemViewSchema) })
  item(@Param('taskId') taskId: string): Promise<WorkItemView> {
    return this.bus.request(ProcessRequests.item, { taskId: idParam('taskId', taskId) });
  }

  @Post('work-items/:taskId/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a work item with an outcome (approve, return with a comment, reject, acknowledged, …)',
    description:
      'Send the revision you saw: if someone else completed or changed the task meanwhile, the answer is CONFLICT.',
  })
  @ApiBody({
    schema: openApiSchema(CompleteBodySchema, 'input'),
    examples: {
      approve: { value: { outcome: 'approve', revision: 0 } },
      return: {
        value: {
          outcome: 'return',
          comment: 'Please fix the volume',
          returnTo: 'approve-terms',
          revision: 0,
        },
      },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(WorkItemViewSchema) })
  @ApiConflictResponse({ description: 'CONFLICT: completed or changed by someone else meanwhile' })
  complete(@Param('taskId') taskId: string, @Body() body: unknown): Promise<WorkItemView> {
    return this.bus.request(ProcessRequests.complete, {
      ...parseOrThrow(CompleteBodySchema, body),
      taskId: idParam('taskId', taskId),
    });
  }

  @Post('work-items/:taskId/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a group task (one member takes it)' })
  @ApiBody({
    schema: openApiSchema(ClaimBodySchema, 'input'),
    required: false,
    examples: { seen: { value: { revision: 0 } } },
  })
  @ApiOkResponse({ schema: openApiSchema(WorkItemViewSchema) })
  claim(@Param('taskId') taskId: string, @Body() body: unknown): Promise<WorkItemView> {
    return this.bus.request(ProcessRequests.claim, {
      ...parseOrThrow(ClaimBodySchema, bodyObject(body)),
      taskId: idParam('taskId', taskId),
    });
  }

  @Post('work-items/:taskId/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a claimed group task back to the group' })
  @ApiBody({
    schema: openApiSchema(ClaimBodySchema, 'input'),
    required: false,
    examples: { seen: { value: { revision: 0 } } },
  })
  @ApiOkResponse({ schema: openApiSchema(WorkItemViewSchema) })
  release(@Param('taskId') taskId: string, @Body() body: unknown): Promise<WorkItemView> {
    return this.bus.request(ProcessRequests.release, {
      ...parseOrThrow(ClaimBodySchema, bodyObject(body)),
      taskId: idParam('taskId', taskId),
    });
  }

  @Post('work-items/:taskId/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to someone else, with a reason (managers)' })
  @ApiBody({
    schema: openApiSchema(ReassignBodySchema, 'input'),
    examples: {
      leave: { value: { assigneeId: '01JDEM000000000000000USR02', reason: 'Исполнитель в отпуске' } },
    },
  })
  @ApiOkResponse({ schema: openApiSchema(WorkItemViewSchema) })
  reassign(@Param('taskId') taskId: string, @Body() body: unknown): Promise<WorkItemView> {
    return this.bus.request(ProcessRequests.reassign, {
      ...parseOrThrow(ReassignBodySchema, body),
      taskId: idParam('taskId', taskId),
    });
  }
}
