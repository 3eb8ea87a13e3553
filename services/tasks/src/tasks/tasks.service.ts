import { Inject, Injectable } from '@nestjs/common';
import type {
  CompleteTaskInput,
  CreateTaskInput,
  InboxInput,
  ListTasksInput,
  Page,
  Principal,
  TaskView,
  UserTaskStep,
  WorkItemView,
} from '@orbita/contracts';
import { DocumentsRequests, ErrorCode, Permission, ProcessEvents, TasksEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  BusClient,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  hasPermission,
  isVisibleTo,
  requirePermission,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { FormValidator } from '../instances/forms';
import { TemplateCatalogue } from '../templates/template-catalogue';
import { TaskRepository, encodeInboxCursor } from './task.repository';
import type { TaskDocument } from './task.schema';
import { NOT_COMPLETED, NO_DUE } from './task.schema';

const CHANGED_MEANWHILE = {
  en: 'the task was changed by someone else meanwhile (completed, claimed or reassigned); reload it',
  ru: 'задачу тем временем изменил кто-то другой (выполнил, взял или передал); обновите её',
};

@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly events: EventFactory,
    private readonly directory: DirectoryService,
    private readonly catalogue: TemplateCatalogue,
    private readonly forms: FormValidator,
    private readonly bus: BusClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Tasks are set by people who run work in their org (task.manage there), never by portal users as such. */
  async create(principal: Principal, input: CreateTaskInput): Promise<TaskView> {
    requirePermission(principal, Permission.TaskManage, principal.orgPath);
    const assignee = await this.assignable(principal, input.assigneeId);
    const now = this.clock.now();
    const id = this.ids.newId();
    const dueAt = input.dueAt ? new Date(input.dueAt) : null;
    const task: TaskDocument = {
      ...standAlone(id),
      orgId: principal.orgId,
      orgPath: principal.orgPath,
      title: input.title,
      description: input.description ?? null,
      assigneeId: assignee._id,
      createdBy: principal.userId,
      participants: [...new Set([principal.userId, assignee._id])],
      dueAt,
      dueSort: dueAt ?? NO_DUE,
      createdAt: now,
      updatedAt: now,
    };
    const created = this.events.create(TasksEvents.taskCreated, {
      orgId: task.orgId,
      subject: { type: 'task', id: task._id },
      data: {
        taskId: task._id,
        title: task.title,
        assigneeId: assignee._id,
        createdBy: task.createdBy,
        dueAt: task.dueAt?.toISOString() ?? null,
      },
    });
    await this.tasks.add(task, [created]);
    return toView(task);
  }

  async get(principal: Principal, taskId: string): Promise<TaskView> {
    return toView(await this.visible(principal, taskId));
  }

  async list(principal: Principal, input: ListTasksInput): Promise<Page<TaskView>> {
    const docs = await this.tasks.listOwn(scopeOf(principal, Permission.TaskRead), input.scope, input);
    return toPage(docs, input.limit, toView);
  }

  /** One work item, with the form its step asks for (the template version's, as the instance runs it). */
  async item(principal: Principal, taskId: string): Promise<WorkItemView> {
    const task = await this.visible(principal, taskId);
    const view = this.toItemView(task);
    const step = await this.userTaskStepOf(task);
    if (step?.form) {
      view.form = step.form;
    }
    return view;
  }

  /** My open work and the group tasks I may claim: overdue first, then by due time. */
  async inbox(principal: Principal, input: InboxInput): Promise<Page<WorkItemView>> {
    const now = this.clock.now();
    const views: ('mine' | 'claimable')[] = input.view === 'all' ? ['mine', 'claimable'] : [input.view];
    // "all" merges both lists by the same order (dueSort, _id), each read by its own index and
    // each from the same position: the cursor is the last item's place in that order.
    const lists = await Promise.all(
      views.map((view) =>
        this.tasks.inbox({
          userId: principal.userId,
          view,
          templateKey: input.templateKey,
          clientOrgId: input.clientOrgId,
          instanceId: input.instanceId,
          dueBefore: input.overdue ? now : input.dueBefore ? new Date(input.dueBefore) : undefined,
          cursor: input.cursor,
          limit: input.limit,
        }),
      ),
    );
    const merged = lists
      .flat()
      .sort((a, b) => a.dueSort.getTime() - b.dueSort.getTime() || a._id.localeCompare(b._id));
    const page = merged.slice(0, input.limit);
    const hasMore = merged.length > input.limit;
    const last = page.at(-1);
    return {
      items: page.map((task) => this.toItemView(task)),
      nextCursor: hasMore && last ? encodeInboxCursor(last) : null,
    };
  }

  async counts(principal: Principal): Promise<{ mine: number; claimable: number; overdue: number }> {
    const now = this.clock.now();
    const [mine, claimable, overdue] = await Promise.all([
      this.tasks.countOpen(principal.userId, 'mine'),
      this.tasks.countOpen(principal.userId, 'claimable'),
      this.tasks.countOpen(principal.userId, 'mine', now),
    ]);
    return { mine, claimable, overdue };
  }

  /**
   * The assignee finishes their part: an outcome of the task's (with a comment where it needs one),
   * the form's data (checked against the step's form). A group task is claimed by completing it.
   * Two people completing the same task at once: one wins, the other gets CONFLICT.
   */
  async complete(principal: Principal, input: CompleteTaskInput): Promise<WorkItemView> {
    const task = await this.visible(principal, input.taskId);
    this.assertOpen(task, input.revision);
    const mayAct =
      task.assigneeId === principal.userId ||
      (task.assigneeId === null && task.candidateIds.includes(principal.userId));
    if (!mayAct) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const outcomes = task.kind === 'task' ? [{ id: 'done', requireComment: false }] : task.outcomes;
    const outcome = outcomes.find((o) => o.id === input.outcome);
    if (!outcome) {
      throw AppError.validation({
        en: `outcome: must be one of ${outcomes.map((o) => o.id).join(', ')}`,
        ru: `outcome: допустимые значения — ${outcomes.map((o) => o.id).join(', ')}`,
      });
    }
    const comment = input.comment?.trim() || null;
    if ((outcome.requireComment || input.outcome === 'return' || input.outcome === 'reject') && !comment) {
      throw AppError.validation({
        en: `comment: required when the outcome is "${input.outcome}"`,
        ru: `comment: обязателен при решении «${input.outcome}»`,
      });
    }
    let returnTo: string | null = null;
    if (input.outcome === 'return') {
      returnTo = input.returnTo ?? task.returnTo[0] ?? null;
      if (!returnTo || !task.returnTo.includes(returnTo)) {
        throw AppError.validation({
          en: `returnTo: must be one of ${task.returnTo.join(', ') || '(none: this step cannot return)'}`,
          ru: `returnTo: допустимые шаги — ${task.returnTo.join(', ') || '(нет: с этого шага вернуть нельзя)'}`,
        });
      }
    }
    const step = await this.userTaskStepOf(task);
    if (step) {
      this.forms.assertValid(`${task.templateKey}@${task.templateVersion}:${step.id}`, step.form, input.data);
    }
    if (task.kind === 'acknowledgement' && task.document) {
      // The receipt first: a task is done only once the acknowledgement is on record.
      await this.bus.request(
        DocumentsRequests.acknowledge,
        {
          documentId: task.document.documentId,
          version: task.document.version,
          userId: principal.userId,
          sha256: task.document.sha256,
        },
        { anonymous: true },
      );
    }
    const now = this.clock.now();
    const completed = this.events.create(ProcessEvents.taskCompleted, {
      orgId: task.orgId,
      subject: { type: 'task', id: task._id },
      data: {
        taskId: task._id,
        kind: task.kind,
        instanceId: task.instanceId,
        runId: task.runId,
        stepId: task.stepId,
        userId: principal.userId,
        outcome: input.outcome,
        comment,
        returnTo,
        data: input.data,
        document: task.document
          ? {
              documentId: task.document.documentId,
              version: task.document.version,
              sha256: task.document.sha256,
            }
          : null,
      },
    });
    const changed = await this.tasks.change(
      task,
      {},
      {
        status: 'done',
        assigneeId: principal.userId,
        participants: [...new Set([...task.participants, principal.userId])],
        outcome: input.outcome,
        comment,
        data: input.data,
        completedBy: principal.userId,
        completedAt: now,
        updatedAt: now,
      },
      [completed],
    );
    if (!changed) {
      throw AppError.conflict(CHANGED_MEANWHILE);
    }
    return this.toItemView(changed);
  }

  /** A member of the group takes a group task: it leaves the others' "to claim" list. */
  async claim(principal: Principal, taskId: string, revision?: number): Promise<WorkItemView> {
    const task = await this.visible(principal, taskId);
    this.assertOpen(task, revision);
    if (!task.candidateIds.includes(principal.userId)) {
      throw new AppError(ErrorCode.Forbidden);
    }
    if (task.assigneeId !== null) {
      throw AppError.conflict({ en: 'the task was claimed already', ru: 'задачу уже взяли' });
    }
    const now = this.clock.now();
    const changed = await this.tasks.change(
      task,
      { assigneeId: null },
      {
        assigneeId: principal.userId,
        participants: [...new Set([...task.participants, principal.userId])],
        updatedAt: now,
      },
      [this.taskEvent(task, ProcessEvents.taskClaimed, { userId: principal.userId })],
    );
    if (!changed) {
      throw AppError.conflict(CHANGED_MEANWHILE);
    }
    return this.toItemView(changed);
  }

  /** Who claimed a group task gives it back to the group. */
  async release(principal: Principal, taskId: string, revision?: number): Promise<WorkItemView> {
    const task = await this.visible(principal, taskId);
    this.assertOpen(task, revision);
    if (task.candidateIds.length === 0 || task.assigneeId !== principal.userId) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const now = this.clock.now();
    const changed = await this.tasks.change(
      task,
      { assigneeId: principal.userId },
      { assigneeId: null, updatedAt: now },
      [this.taskEvent(task, ProcessEvents.taskReleased, { userId: principal.userId })],
    );
    if (!changed) {
      throw AppError.conflict(CHANGED_MEANWHILE);
    }
    return this.toItemView(changed);
  }

  /** A manager (task.manage over the task) gives it to someone else, saying why. */
  async reassign(
    principal: Principal,
    taskId: string,
    assigneeId: string,
    reason: string,
  ): Promise<WorkItemView> {
    const task = await this.visible(principal, taskId);
    if (!hasPermission(principal, Permission.TaskManage, task.orgPath)) {
      throw new AppError(ErrorCode.Forbidden);
    }
    this.assertOpen(task, undefined);
    const assignee = await this.assignable(principal, assigneeId);
    const now = this.clock.now();
    const changed = await this.tasks.change(
      task,
      {},
      {
        assigneeId: assignee._id,
        participants: [...new Set([...task.participants, assignee._id])],
        updatedAt: now,
      },
      [
        this.taskEvent(task, ProcessEvents.taskReassigned, {
          fromId: task.assigneeId,
          toId: assignee._id,
          reason,
          title: task.title,
        }),
      ],
    );
    if (!changed) {
      throw AppError.conflict(CHANGED_MEANWHILE);
    }
    return this.toItemView(changed);
  }

  private taskEvent(
    task: TaskDocument,
    contract: (typeof ProcessEvents)['taskClaimed' | 'taskReleased' | 'taskReassigned'],
    data: Record<string, unknown>,
  ) {
    return this.events.create(contract, {
      orgId: task.orgId,
      subject: { type: 'task', id: task._id },
      data: { taskId: task._id, instanceId: task.instanceId, ...data } as never,
    });
  }

  /** The user-task step a process work item belongs to, in the template version its instance runs. */
  private async userTaskStepOf(task: TaskDocument): Promise<UserTaskStep | null> {
    if (task.kind !== 'userTask' || !task.templateKey || task.templateVersion === null) {
      return null;
    }
    const template = await this.catalogue.version(task.templateKey, task.templateVersion);
    const step = template?.definition.steps.find((s) => s.id === task.stepId);
    return step?.type === 'userTask' ? step : null;
  }

  /**
   * The task if the principal may see it. Portal users see only the work they take part in: a
   * request of their org shows them its progress, not the company's work items.
   */
  private async visible(principal: Principal, taskId: string): Promise<TaskDocument> {
    const task = await this.tasks.findById(scopeOf(principal, Permission.TaskRead), taskId);
    if (!task || (principal.external && !task.participants.includes(principal.userId))) {
      throw AppError.notFound('task');
    }
    return task;
  }

  private assertOpen(task: TaskDocument, revision: number | undefined): void {
    if (task.status !== 'open') {
      throw AppError.conflict({
        en: `the task is ${task.status === 'done' ? 'completed' : 'withdrawn'} already`,
        ru: `задача уже ${task.status === 'done' ? 'выполнена' : 'снята'}`,
      });
    }
    if (revision !== undefined && revision !== task.revision) {
      throw AppError.conflict(CHANGED_MEANWHILE);
    }
  }

  /** Nobody is given work they may not see (NOT_FOUND), nor someone no longer active. */
  private async assignable(principal: Principal, userId: string) {
    const assignee = await this.directory.user(userId);
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
    return assignee;
  }

  private toItemView(task: TaskDocument): WorkItemView {
    return {
      id: task._id,
      kind: task.kind,
      status: task.status,
      title: task.title,
      description: task.description,
      stepName: task.stepName,
      assigneeId: task.assigneeId,
      candidateIds: task.candidateIds,
      instanceId: task.instanceId,
      instanceNumber: task.instanceNumber,
      stepId: task.stepId,
      templateKey: task.templateKey,
      clientOrgId: task.clientOrgId,
      party: task.party,
      outcomes: task.outcomes,
      returnTo: task.returnTo,
      form: null,
      document: task.document,
      outcome: task.outcome,
      comment: task.comment,
      completedBy: task.completedBy,
      completedAt: task.completedAt?.toISOString() ?? null,
      dueAt: task.dueAt?.toISOString() ?? null,
      overdue: task.status === 'open' && task.dueAt !== null && task.dueAt < this.clock.now(),
      createdBy: task.createdBy,
      createdAt: task.createdAt.toISOString(),
      revision: task.revision,
    };
  }
}

/** The fields a stand-alone task has in common with none of the process's. */
function standAlone(
  id: string,
): Pick<
  TaskDocument,
  | '_id'
  | 'kind'
  | 'status'
  | 'candidateIds'
  | 'instanceId'
  | 'instanceNumber'
  | 'runId'
  | 'runKey'
  | 'stepId'
  | 'stepName'
  | 'templateKey'
  | 'templateVersion'
  | 'clientOrgId'
  | 'party'
  | 'outcomes'
  | 'returnTo'
  | 'document'
  | 'outcome'
  | 'comment'
  | 'data'
  | 'completedBy'
  | 'completedAt'
  | 'revision'
> {
  return {
    _id: id,
    kind: 'task',
    status: 'open',
    candidateIds: [],
    instanceId: null,
    instanceNumber: null,
    runId: null,
    runKey: `task:${id}`,
    stepId: null,
    stepName: null,
    templateKey: null,
    templateVersion: null,
    clientOrgId: null,
    party: 'company',
    outcomes: [],
    returnTo: [],
    document: null,
    ...NOT_COMPLETED,
  };
}

function toView(task: TaskDocument): TaskView {
  return {
    id: task._id,
    orgId: task.orgId,
    title: task.title,
    description: task.description,
    status: task.status === 'open' ? 'open' : 'done',
    assigneeId: task.assigneeId ?? '',
    createdBy: task.createdBy,
    dueAt: task.dueAt ? task.dueAt.toISOString() : null,
    createdAt: task.createdAt.toISOString(),
  };
}
