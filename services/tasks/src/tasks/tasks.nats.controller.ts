import { Controller } from '@nestjs/common';
import type {
  CreateTaskInput,
  ListTasksInput,
  Page,
  Principal,
  RequestPayload,
  TaskView,
} from '@orbita/contracts';
import { TasksRequests, Permission } from '@orbita/contracts';
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
}
