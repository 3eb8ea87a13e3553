import { Controller } from '@nestjs/common';
import type {
  CreateTaskInput,
  ListTasksInput,
  Page,
  Principal,
  RequestPayload,
  TaskView,
  WorkItemView,
} from '@orbita/contracts';
import { Permission, ProcessRequests, TasksRequests } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import { TasksService } from './tasks.service';

@Controller()
export class TasksNatsController {
  constructor(private readonly tasks: TasksService) {}

  @Handle(TasksRequests.create, Access.permission(Permission.TaskManage))
  create(@CurrentPrincipal() principal: Principal, @Input() input: CreateTaskInput): Promise<TaskView> {
    return this.tasks.create(principal, input);
  }

  @Handle(TasksRequests.get, Access.permission(Permission.TaskRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof TasksRequests.get>,
  ): Promise<TaskView> {
    return this.tasks.get(principal, input.taskId);
  }

  @Handle(TasksRequests.list, Access.permission(Permission.TaskRead))
  list(@CurrentPrincipal() principal: Principal, @Input() input: ListTasksInput): Promise<Page<TaskView>> {
    return this.tasks.list(principal, input);
  }

  @Handle(ProcessRequests.inbox, Access.permission(Permission.TaskRead))
  inbox(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.inbox>,
  ): Promise<Page<WorkItemView>> {
    return this.tasks.inbox(principal, input);
  }

  @Handle(ProcessRequests.counts, Access.permission(Permission.TaskRead))
  counts(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ mine: number; claimable: number; overdue: number }> {
    return this.tasks.counts(principal);
  }

  @Handle(ProcessRequests.item, Access.permission(Permission.TaskRead))
  item(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.item>,
  ): Promise<WorkItemView> {
    return this.tasks.item(principal, input.taskId);
  }

  @Handle(ProcessRequests.complete, Access.permission(Permission.TaskRead))
  complete(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.complete>,
  ): Promise<WorkItemView> {
    return this.tasks.complete(principal, input);
  }

  @Handle(ProcessRequests.claim, Access.permission(Permission.TaskRead))
  claim(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.claim>,
  ): Promise<WorkItemView> {
    return this.tasks.claim(principal, input.taskId, input.revision);
  }

  @Handle(ProcessRequests.release, Access.permission(Permission.TaskRead))
  release(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.release>,
  ): Promise<WorkItemView> {
    return this.tasks.release(principal, input.taskId, input.revision);
  }

  @Handle(ProcessRequests.reassign, Access.permission(Permission.TaskManage))
  reassign(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof ProcessRequests.reassign>,
  ): Promise<WorkItemView> {
    return this.tasks.reassign(principal, input.taskId, input.assigneeId, input.reason);
  }
}
