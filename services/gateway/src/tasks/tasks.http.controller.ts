import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, TaskView } from '@orbita/contracts';
import {
  CreateTaskInputSchema,
  IdSchema,
  ListTasksInputSchema,
  TaskPageSchema,
  TaskViewSchema,
  TasksRequests,
} from '@orbita/contracts';
import { BusClient, parseOrThrow } from '@orbita/platform';
import { openApiSchema } from '../openapi/zod-openapi';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksHttpController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({ summary: 'Create a task and assign it; the assignee is notified' })
  @ApiBody({
    schema: openApiSchema(CreateTaskInputSchema, 'input'),
    examples: {
      call: {
        value: {
          title: 'Call Raduga Mall about the new pick-up point',
          assigneeId: '01JDEM000000000000000USR03',
        },
      },
    },
  })
  @ApiCreatedResponse({ schema: openApiSchema(TaskViewSchema) })
  create(@Body() body: unknown): Promise<TaskView> {
    return this.bus.request(TasksRequests.create, parseOrThrow(CreateTaskInputSchema, body));
  }

  @Get()
  @ApiOperation({ summary: 'Tasks assigned to me (or created by me), newest first, by cursor' })
  @ApiQuery({ name: 'scope', required: false, enum: ['assigned', 'created'] })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'cursor', required: false, type: String })
  @ApiOkResponse({ schema: openApiSchema(TaskPageSchema) })
  list(@Query() query: Record<string, unknown>): Promise<Page<TaskView>> {
    return this.bus.request(TasksRequests.list, parseOrThrow(ListTasksInputSchema, query));
  }

  @Get(':taskId')
  @ApiOperation({ summary: 'One task' })
  @ApiOkResponse({ schema: openApiSchema(TaskViewSchema) })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such task, or not one you may see' })
  get(@Param('taskId') taskId: string): Promise<TaskView> {
    return this.bus.request(TasksRequests.get, { taskId: parseOrThrow(IdSchema, taskId) });
  }
}
