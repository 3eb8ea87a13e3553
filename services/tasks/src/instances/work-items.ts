import { Inject, Injectable } from '@nestjs/common';
import type { Party, Step } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { CLOCK, ID_GENERATOR } from '@orbita/platform';
import { TaskRepository } from '../tasks/task.repository';
import type { NewTask } from '../tasks/task.repository';
import type { TaskDocumentRef, TaskKind, TaskOutcome } from '../tasks/task.schema';
import { NOT_COMPLETED, NO_DUE } from '../tasks/task.schema';
import type { InstanceDocument } from './instance.schema';

const APPROVAL_OUTCOMES: TaskOutcome[] = [
  { id: 'approve', name: { ru: 'Согласовать', en: 'Approve' }, requireComment: false },
  { id: 'return', name: { ru: 'Вернуть на доработку', en: 'Return for rework' }, requireComment: true },
  { id: 'reject', name: { ru: 'Отклонить', en: 'Reject' }, requireComment: true },
];
const ACKNOWLEDGEMENT_OUTCOMES: TaskOutcome[] = [
  { id: 'acknowledged', name: { ru: 'Ознакомлен(а)', en: 'Acknowledged' }, requireComment: false },
];
const ADMIN_OUTCOMES: TaskOutcome[] = [
  { id: 'retry', name: { ru: 'Повторить шаг', en: 'Retry the step' }, requireComment: false },
  { id: 'cancel', name: { ru: 'Отменить заявку', en: 'Cancel the request' }, requireComment: true },
];
const DONE_OUTCOMES: TaskOutcome[] = [
  { id: 'done', name: { ru: 'Выполнено', en: 'Done' }, requireComment: false },
];

export interface StartedRun {
  runId: string;
  stepId: string;
  stepType: string;
  party: Party;
  assigneeIds: string[];
  candidateIds: string[];
  dueAt: string | null;
  document: TaskDocumentRef | null;
}

/**
 * The work items of a step run, set from the event that started it: one per assignee, or one for
 * the group to claim. Their ids are new, but each (run, person) pair is unique, so an event
 * handled twice sets nothing twice.
 */
@Injectable()
export class WorkItems {
  constructor(
    private readonly tasks: TaskRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /**
   * Who holds the run's open work now: each open item's assignee, or the candidates of a group item
   * nobody has claimed (at most `limit`).
   */
  async holdersNow(runId: string, limit: number): Promise<string[]> {
    const open = await this.tasks.ofRun(runId, 'open', limit);
    const holders = open.flatMap((item) => (item.assigneeId ? [item.assigneeId] : item.candidateIds));
    return [...new Set(holders)].slice(0, limit);
  }

  async set(instance: InstanceDocument, step: Step | null, run: StartedRun): Promise<number> {
    const kind = kindOf(run.stepType);
    const base = this.base(instance, step, run, kind);
    const items: NewTask[] = run.assigneeIds.map((userId) => ({
      ...base,
      _id: this.ids.newId(),
      assigneeId: userId,
      candidateIds: [],
      participants: [userId],
      runKey: `${run.runId}:${userId}`,
    }));
    if (run.candidateIds.length > 0) {
      items.push({
        ...base,
        _id: this.ids.newId(),
        assigneeId: null,
        candidateIds: run.candidateIds,
        participants: run.candidateIds,
        runKey: `${run.runId}:group`,
      });
    }
    return this.tasks.addItems(items);
  }

  private base(
    instance: InstanceDocument,
    step: Step | null,
    run: StartedRun,
    kind: TaskKind,
  ): Omit<NewTask, '_id' | 'assigneeId' | 'candidateIds' | 'participants' | 'runKey'> {
    const now = this.clock.now();
    const dueAt = run.dueAt ? new Date(run.dueAt) : null;
    const stepName = step?.name ?? { ru: 'Шаг', en: 'Step' };
    return {
      kind,
      orgId: instance.orgId,
      orgPath: instance.orgPath,
      title: `${stepName.ru}: ${instance.title}`,
      description:
        kind === 'admin' ? (instance.current.find((r) => r.runId === run.runId)?.failure ?? null) : null,
      status: 'open',
      createdBy: instance.requester.userId,
      dueAt,
      dueSort: dueAt ?? NO_DUE,
      instanceId: instance._id,
      instanceNumber: instance.number,
      runId: run.runId,
      stepId: run.stepId,
      stepName,
      templateKey: instance.templateKey,
      templateVersion: instance.templateVersion,
      clientOrgId: instance.clientOrgId,
      party: run.party,
      outcomes: outcomesOf(kind, step),
      returnTo: step?.type === 'approval' ? step.returnTo : [],
      document: run.document,
      ...NOT_COMPLETED,
      createdAt: now,
      updatedAt: now,
    };
  }
}

function kindOf(stepType: string): TaskKind {
  switch (stepType) {
    case 'approval':
      return 'approval';
    case 'acknowledgement':
      return 'acknowledgement';
    case 'admin':
      return 'admin';
    default:
      return 'userTask';
  }
}

/** The outcomes of a step's work (their names show what a finished run decided). */
export function stepOutcomes(step: Step): TaskOutcome[] {
  return outcomesOf(kindOf(step.type), step);
}

function outcomesOf(kind: TaskKind, step: Step | null): TaskOutcome[] {
  switch (kind) {
    case 'approval':
      return step?.type === 'approval' && step.returnTo.length === 0
        ? APPROVAL_OUTCOMES.filter((o) => o.id !== 'return')
        : APPROVAL_OUTCOMES;
    case 'acknowledgement':
      return ACKNOWLEDGEMENT_OUTCOMES;
    case 'admin':
      return ADMIN_OUTCOMES;
    case 'task':
    case 'userTask':
      return step?.type === 'userTask' && step.outcomes ? step.outcomes : DONE_OUTCOMES;
  }
}
