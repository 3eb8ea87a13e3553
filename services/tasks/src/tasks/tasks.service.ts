import { Inject, Injectable } from '@nestjs/common';
import type { CreateTaskInput, ListTasksInput, Page, Principal, TaskView } from '@orbita/contracts';
import { Permission, TasksEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  isVisibleTo,
  requirePermission,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { TaskRepository } from './task.repository';
import type { TaskDocument } from './task.schema';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly events: EventFactory,
    private readonly directory: DirectoryService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Tasks are set by people who run work in their org (task.manage there), never by portal users as such. */
  async create(principal: Principal, input: CreateTaskInput): Promise<TaskView> {
    requirePermission(principal, Permission.TaskManage, principal.orgPath);
    // Nobody assigns work to someone they may not see (NOT_FOUND, so a guessed id tells nothing);
    // who may see whom is identity's rule on tasks' copy of its people.
    const assignee = await this.directory.user(input.assigneeId);
    if (
      !assignee ||
      !isVisibleTo(scopeOf(principal, Permission.UserRead), {
        orgPath: assignee.orgPath,
        participants: [assignee._id],
      })
    ) {
      throw AppError.notFound('user');
    }
    if (assignee.status !== 'active') {
      throw AppError.validation({
        en: 'assigneeId: the user is not active (invited, or deactivated)',
        ru: 'assigneeId: пользователь не активен (приглашён или деактивирован)',
      });
    }
    const now = this.clock.now();
    const task: TaskDocument = {
      _id: this.ids.newId(),
      orgId: principal.orgId,
      orgPath: principal.orgPath,
      title: input.title,
      description: input.description ?? null,
      status: 'open',
      assigneeId: assignee._id,
      createdBy: principal.userId,
      participants: [...new Set([principal.userId, assignee._id])],
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      createdAt: now,
      updatedAt: now,
    };
    const created = this.events.create(TasksEvents.taskCreated, {
      orgId: task.orgId,
      subject: { type: 'task', id: task._id },
      data: {
        taskId: task._id,
        title: task.title,
        assigneeId: task.assigneeId,
        createdBy: task.createdBy,
        dueAt: task.dueAt?.toISOString() ?? null,
      },
    });
    await this.tasks.add(task, [created]);
    return toView(task);
  }

  async get(principal: Principal, taskId: string): Promise<TaskView> {
    const task = await this.tasks.findById(scopeOf(principal, Permission.TaskRead), taskId);
    if (!task) {
      throw AppError.notFound('task');
    }
    return toView(task);
  }

  async list(principal: Principal, input: ListTasksInput): Promise<Page<TaskView>> {
    const docs = await this.tasks.listOwn(scopeOf(principal, Permission.TaskRead), input.scope, input);
    return toPage(docs, input.limit, toView);
  }
}

function toView(task: TaskDocument): TaskView {
  return {
    id: task._id,
    orgId: task.orgId,
    title: task.title,
    description: task.description,
    status: task.status,
    assigneeId: task.assigneeId,
    createdBy: task.createdBy,
    dueAt: task.dueAt ? task.dueAt.toISOString() : null,
    createdAt: task.createdAt.toISOString(),
  };
}
