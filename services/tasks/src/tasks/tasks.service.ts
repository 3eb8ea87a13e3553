import { Inject, Injectable } from '@nestjs/common';
import type { CreateTaskInput, ListTasksInput, Page, Principal, TaskView } from '@orbita/contracts';
import { IdentityRequests, Permission, TasksEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, BusClient, CLOCK, EventFactory, ID_GENERATOR, scopeOf, toPage } from '@orbita/platform';
import { TaskRepository } from './task.repository';
import type { TaskDocument } from './task.schema';

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly events: EventFactory,
    private readonly bus: BusClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async create(principal: Principal, input: CreateTaskInput): Promise<TaskView> {
    // Identity answers NOT_FOUND for a user the principal may not see: nobody assigns work to a
    // stranger, and a guessed id tells nothing.
    const assignee = await this.bus.request(IdentityRequests.getUser, { userId: input.assigneeId });
    if (!assignee.active) {
      throw AppError.validation({
        en: 'assigneeId: the user is deactivated',
        ru: 'assigneeId: пользователь деактивирован',
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
      assigneeId: assignee.id,
      createdBy: principal.userId,
      participants: [...new Set([principal.userId, assignee.id])],
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
    await this.tasks.insert(task, [created]);
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
    const filter =
      input.scope === 'assigned' ? { assigneeId: principal.userId } : { createdBy: principal.userId };
    const docs = await this.tasks.list(scopeOf(principal, Permission.TaskRead), filter, input);
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
