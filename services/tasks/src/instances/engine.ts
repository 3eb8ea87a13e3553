import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ApprovalStep,
  EventContract,
  EventEnvelope,
  InstanceStatus,
  ProcessDefinition,
  Step,
} from '@orbita/contracts';
import { DocumentsRequests, END_STEP, ErrorCode, ProcessEvents, REJECTED_STEP } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, BusClient, CLOCK, EventFactory, ID_GENERATOR } from '@orbita/platform';
import { RegistersService } from '../registers/registers.service';
import { SlaService } from '../sla/sla.service';
import { TemplateCatalogue } from '../templates/template-catalogue';
import type { Resolved } from './assignees';
import { AssigneeResolver } from './assignees';
import { dueAfter } from './durations';
import { contextOf, evaluate, evaluateMapping, targetOf, valueAt } from './expressions';
import type { InstanceChanges } from './instance.repository';
import { InstanceRepository } from './instance.repository';
import type { InstanceDocument, StepRun } from './instance.schema';

/** How many steps one transition may pass through (notify → condition → …) before it is a loop. */
const MAX_CHAIN = 50;
/** How many people a step shows as its holders; the count has them all. */
const HOLDERS_SHOWN = 50;
/** Up to this many holders also become participants of the instance (they see the request). */
const PARTICIPANTS_FROM_STEP = 200;
/** Retries of a transition that lost a race with another one. */
const MAX_ATTEMPTS = 10;

/** A completed work item, as the engine applies it (the event tasks.task.completed). */
export interface CompletedItem {
  taskId: string;
  runId: string;
  userId: string;
  outcome: string;
  comment: string | null;
  returnTo: string | null;
  data: Record<string, unknown>;
}

/**
 * An instance being moved: a copy of its document the steps change, and the events of the change.
 * One draft becomes one write (the instance and its events, ADR 002), or nothing.
 */
export class Draft {
  readonly doc: InstanceDocument;
  readonly events: EventEnvelope[] = [];

  constructor(
    readonly original: InstanceDocument,
    readonly definition: ProcessDefinition,
    readonly now: Date,
  ) {
    this.doc = structuredClone(original);
  }

  /** The revision the instance will have once this draft is written: events carry it. */
  get revision(): number {
    return this.original.revision + 1;
  }

  step(stepId: string): Step {
    const step = this.definition.steps.find((s) => s.id === stepId);
    if (!step) {
      // Templates are checked on upload; a missing step is a broken template version.
      throw new Error(`Template ${this.doc.templateKey}@${this.doc.templateVersion} has no step "${stepId}"`);
    }
    return step;
  }

  run(runId: string): StepRun | undefined {
    return this.doc.current.find((r) => r.runId === runId);
  }

  changes(): InstanceChanges {
    const { status, vars, steps, current, history, participants, cancelReason, endedAt, title } = this.doc;
    return { status, vars, steps, current, history, participants, cancelReason, endedAt, title };
  }
}

/**
 * The process engine: what happens when a step starts, when someone completes their part of it,
 * when an automatic step has run, and when a wait is over. Everything it decides about an instance
 * is written as one transition with its events; work items, documents and register records follow
 * from those events (idempotently), so a crash at any point loses nothing and repeats nothing.
 */
@Injectable()
export class Engine {
  private readonly logger = new Logger(Engine.name);

  constructor(
    private readonly instances: InstanceRepository,
    private readonly catalogue: TemplateCatalogue,
    private readonly resolver: AssigneeResolver,
    private readonly registers: RegistersService,
    private readonly sla: SlaService,
    private readonly bus: BusClient,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** A draft of a new instance (revision 0 before its first write). */
  draftOf(instance: InstanceDocument, definition: ProcessDefinition): Draft {
    return new Draft(instance, definition, this.clock.now());
  }

  /**
   * Loads the instance, lets `change` move a draft of it, and writes the draft; a transition that
   * lost a race (someone moved the instance since it was read) is worked out again on the new state.
   * `change` answers false when there is nothing to do (the event was applied already).
   */
  async move(
    instanceId: string,
    change: (draft: Draft) => Promise<boolean>,
  ): Promise<InstanceDocument | null> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const instance = await this.instances.load(instanceId);
      if (!instance) {
        return null;
      }
      const template = await this.catalogue.version(instance.templateKey, instance.templateVersion);
      if (!template) {
        throw new Error(
          `Instance ${instanceId} runs template ${instance.templateKey}@${instance.templateVersion}, which is gone`,
        );
      }
      const draft = new Draft(instance, template.definition, this.clock.now());
      if (!(await change(draft))) {
        return instance;
      }
      if (await this.instances.transition(instance, draft.changes(), draft.events, draft.now)) {
        return { ...draft.doc, revision: draft.revision, updatedAt: draft.now };
      }
    }
    throw AppError.conflict({
      en: 'the request is being changed by others right now; try again',
      ru: 'заявку сейчас меняют другие; повторите попытку',
    });
  }

  /** Starts the step (and, through steps that finish at once, whatever follows it). */
  async enter(draft: Draft, stepId: string, depth = 0): Promise<void> {
    if (depth > MAX_CHAIN) {
      await this.fail(draft, draft.step(stepId), 'the template loops without a step that waits for anyone');
      return;
    }
    if (stepId === END_STEP) {
      this.end(draft, 'completed', null);
      return;
    }
    if (stepId === REJECTED_STEP) {
      this.end(draft, 'rejected', null);
      return;
    }
    const step = draft.step(stepId);
    switch (step.type) {
      case 'userTask': {
        const resolved = await this.resolver.resolve(step.assignee, draft.doc);
        if (isNobody(resolved)) {
          await this.fail(draft, step, 'the assignee rule found nobody active');
          return;
        }
        await this.start(draft, step, resolved);
        return;
      }
      case 'approval': {
        const resolved = await this.resolver.individuals(step.approvers, draft.doc);
        if (isNobody(resolved)) {
          await this.fail(draft, step, 'the approver rules found nobody active');
          return;
        }
        const run = await this.start(draft, step, sequentialFirst(step, resolved), resolved.assigneeIds);
        run.holderCount = resolved.assigneeIds.length;
        return;
      }
      case 'acknowledgement': {
        const documentId = valueAt(
          step.document.from === 'form' ? draft.doc.form : draft.doc.vars,
          step.document.field,
        );
        if (typeof documentId !== 'string') {
          await this.fail(draft, step, `no document id in ${step.document.from}.${step.document.field}`);
          return;
        }
        const document = await this.processDocument(documentId);
        if (!document || document.publishedVersion === null || document.sha256 === null) {
          await this.fail(draft, step, `the document ${documentId} has no published version to acknowledge`);
          return;
        }
        const resolved = await this.resolver.individuals(step.recipients, draft.doc);
        if (isNobody(resolved)) {
          await this.fail(draft, step, 'the recipient rules found nobody active');
          return;
        }
        const run = await this.start(draft, step, resolved, [], {
          documentId,
          version: document.publishedVersion,
          sha256: document.sha256,
          title: document.title,
        });
        if (step.wait === 'none') {
          // The order goes on; the acknowledgement tasks stay open (the step's progress shows them).
          this.finish(draft, run, { outcome: 'issued', actorId: null, comment: null, data: {} });
          await this.follow(draft, step, step.next, depth);
        }
        return;
      }
      case 'generateDocument':
      case 'registerUpdate':
        // Run by the handler of the step's start event, with the run id as the idempotency key.
        await this.start(draft, step, { assigneeIds: [], candidateIds: [], external: false });
        return;
      case 'notify': {
        const resolved = await this.resolver.individuals(step.recipients, draft.doc);
        const run = this.newRun(draft, step, { assigneeIds: [], candidateIds: [], external: false });
        draft.doc.current.push(run);
        draft.events.push(
          this.event(draft, ProcessEvents.instanceNotified, {
            stepId: step.id,
            recipientIds: resolved.assigneeIds,
            message: step.message,
          }),
        );
        this.finish(draft, run, { outcome: 'sent', actorId: null, comment: null, data: {} });
        await this.follow(draft, step, step.next, depth);
        return;
      }
      case 'wait': {
        const until = step.duration
          ? dueAfter(draft.now, step.duration)
          : parseDate(evaluate(step.until, contextOf(draft.doc, draft.now)));
        // The step's timer (kind `wait`, set from its start event) is due then and wakes it (wakeRun).
        await this.start(draft, step, { assigneeIds: [], candidateIds: [], external: false }, [], null, {
          dueAt: until ?? draft.now,
        });
        return;
      }
    }
  }

  /** A work item was completed: its decision is applied to the step run it belongs to (once). */
  async applyCompleted(draft: Draft, item: CompletedItem): Promise<boolean> {
    const run = draft.run(item.runId);
    if (!run || run.decisions.some((d) => d.taskId === item.taskId)) {
      return false;
    }
    const step = draft.step(run.stepId);
    const decision = {
      taskId: item.taskId,
      userId: item.userId,
      outcome: item.outcome,
      comment: item.comment,
      at: draft.now,
    };
    const result = { outcome: item.outcome, actorId: item.userId, comment: item.comment, data: item.data };
    if (run.type === 'admin') {
      this.finish(draft, run, result);
      if (item.outcome === 'cancel') {
        this.end(draft, 'cancelled', item.comment);
      } else {
        await this.enter(draft, step.id);
      }
      return true;
    }
    switch (step.type) {
      case 'userTask':
        run.decisions.push(decision);
        this.finish(draft, run, result);
        await this.follow(draft, step, step.next);
        return true;
      case 'approval':
        run.decisions.push(decision);
        return this.decide(draft, step, run, item);
      case 'acknowledgement':
        // Counted from the work items themselves (a run may have thousands): see acknowledged().
        return false;
      case 'generateDocument':
      case 'registerUpdate':
      case 'notify':
      case 'wait':
        // No work items: nothing a person completes belongs to these.
        return false;
    }
  }

  /** Everyone of an acknowledgement run has acknowledged: the step finishes and the instance goes on. */
  async acknowledged(draft: Draft, runId: string): Promise<boolean> {
    const run = draft.run(runId);
    if (!run || run.type !== 'acknowledgement') {
      return false;
    }
    const step = draft.step(run.stepId);
    this.finish(draft, run, { outcome: 'acknowledged', actorId: null, comment: null, data: {} });
    await this.follow(draft, step, step.next);
    return true;
  }

  /** Runs an automatic step (a document to generate, a register record to write) and goes on. */
  async runAutomatic(draft: Draft, runId: string): Promise<boolean> {
    const run = draft.run(runId);
    if (!run) {
      return false;
    }
    const step = draft.step(run.stepId);
    const context = contextOf(draft.doc, draft.now);
    try {
      if (step.type === 'generateDocument') {
        const counterpartyOrgId = this.resolver.orgOf(step.counterparty, draft.doc);
        const generated = await this.bus.request(
          DocumentsRequests.generateForProcess,
          {
            templateKey: step.template,
            data: evaluateMapping(step.data, context),
            orgId: draft.doc.requester.orgPath[0] ?? draft.doc.requester.orgId,
            ...(counterpartyOrgId ? { counterpartyOrgId } : {}),
            idempotencyKey: `process:${run.runId}`,
            publish: step.publish,
            processInstanceId: draft.doc._id,
          },
          { anonymous: true, timeoutMs: 60_000 },
        );
        if (step.saveAs) {
          draft.doc.vars = { ...draft.doc.vars, [step.saveAs]: generated.documentId };
        }
        this.finish(draft, run, {
          outcome: 'issued',
          actorId: null,
          comment: null,
          data: { documentId: generated.documentId, number: generated.number },
          documentId: generated.documentId,
        });
      } else if (step.type === 'registerUpdate') {
        const recordId = step.recordId === undefined ? undefined : evaluate(step.recordId, context);
        const ownerOrgId = this.resolver.orgOf(step.owner, draft.doc);
        const owner = ownerOrgId ? await this.resolver.orgPathOf(ownerOrgId) : null;
        if (!owner) {
          await this.failRun(draft, run, 'the register record has no owner org');
          return true;
        }
        const written = await this.registers.applyFromProcess({
          register: step.register,
          action: step.action,
          ...(typeof recordId === 'string' ? { recordId } : {}),
          owner,
          data: evaluateMapping(step.data, context),
          actorId: draft.doc.requester.userId,
          instanceId: draft.doc._id,
          stepId: step.id,
          idempotencyKey: `process:${run.runId}`,
        });
        if (step.saveAs) {
          draft.doc.vars = { ...draft.doc.vars, [step.saveAs]: written.recordId };
        }
        this.finish(draft, run, {
          outcome: 'written',
          actorId: null,
          comment: null,
          data: { recordId: written.recordId },
          recordId: written.recordId,
        });
      } else {
        return false;
      }
    } catch (err) {
      if (err instanceof AppError && PERMANENT.has(err.code)) {
        await this.failRun(draft, run, err.message);
        return true;
      }
      throw err;
    }
    await this.follow(draft, step, step.next);
    return true;
  }

  /** A wait step's time has come (its timer fired): it finishes and the instance goes on, once. */
  async wakeRun(draft: Draft, runId: string): Promise<boolean> {
    const run = draft.run(runId);
    if (!run || run.type !== 'wait') {
      return false;
    }
    const step = draft.step(run.stepId);
    this.finish(draft, run, { outcome: 'elapsed', actorId: null, comment: null, data: {} });
    await this.follow(draft, step, step.next);
    return true;
  }

  /**
   * Someone claimed, gave back or was given a work item of the run: it shows who holds it now.
   * `holders` is read from the work items after the change, so events in any order end the same.
   */
  hold(draft: Draft, runId: string, holders: readonly string[]): boolean {
    const run = draft.run(runId);
    if (!run || holders.length === 0 || sameMembers(run.holders, holders)) {
      return false;
    }
    run.holders = [...holders];
    return true;
  }

  /**
   * A run's SLA reminder is due: those holding its open work (`holders`; when none are found, whom
   * it was given to) are told, once: the run is open and not reminded yet.
   */
  remind(draft: Draft, runId: string, holders: readonly string[]): boolean {
    const run = draft.run(runId);
    if (!run?.dueAt || run.remindedAt || run.overdue) {
      return false;
    }
    run.remindedAt = draft.now;
    draft.events.push(
      this.event(draft, ProcessEvents.stepReminded, {
        runId: run.runId,
        stepId: run.stepId,
        recipientIds: holders.length > 0 ? [...holders] : run.holders,
        dueAt: run.dueAt.toISOString(),
      }),
    );
    return true;
  }

  /**
   * A run's SLA escalation is due: level 1 on breach (the run is marked overdue), 2 after the
   * further interval. Each level once, in order: a timer that fires again finds it done.
   */
  async escalate(draft: Draft, runId: string, level: number, holders: readonly string[]): Promise<boolean> {
    const run = draft.run(runId);
    if (!run?.dueAt || (run.escalationLevel ?? 0) !== level - 1) {
      return false;
    }
    const assigneeIds = holders.length > 0 ? [...holders] : run.holders;
    const recipientIds = await this.sla.escalationRecipients(run, assigneeIds, draft.doc, level);
    run.overdue = true;
    run.escalationLevel = level;
    run.escalatedTo = recipientIds;
    draft.events.push(
      this.event(draft, ProcessEvents.stepEscalated, {
        runId: run.runId,
        stepId: run.stepId,
        level,
        assigneeIds,
        recipientIds,
        dueAt: run.dueAt.toISOString(),
      }),
    );
    return true;
  }

  /** Ends the instance; its open steps finish as cancelled (their work items are withdrawn). */
  cancel(draft: Draft, actorId: string, reason: string): void {
    for (const run of [...draft.doc.current]) {
      this.finish(draft, run, { outcome: 'cancelled', actorId, comment: reason, data: {} });
    }
    this.end(draft, 'cancelled', reason);
  }

  /** Someone was given work in a running sequential approval (the next approver). */
  private decide(
    draft: Draft,
    step: ApprovalStep,
    run: StepRun,
    item: CompletedItem,
  ): boolean | Promise<boolean> {
    const result = { outcome: item.outcome, actorId: item.userId, comment: item.comment, data: item.data };
    if (item.outcome === 'reject') {
      this.finish(draft, run, result);
      return this.follow(draft, step, step.onReject ?? REJECTED_STEP).then(() => true);
    }
    if (item.outcome === 'return') {
      const target = item.returnTo ?? step.returnTo[0] ?? null;
      if (!target) {
        return false;
      }
      this.finish(draft, run, { ...result, returnedTo: target });
      return this.enter(draft, target).then(() => true);
    }
    const approvals = run.decisions.filter((d) => d.outcome === 'approve').length;
    if (step.mode === 'sequential') {
      const nextApprover = run.approvers[run.decisions.length];
      if (nextApprover) {
        run.holders = [nextApprover];
        draft.events.push(
          this.event(draft, ProcessEvents.stepAssigned, {
            runId: run.runId,
            stepId: step.id,
            assigneeIds: [nextApprover],
            candidateIds: [],
          }),
        );
        return true;
      }
    } else if (approvals < quorumOf(step, run.approvers.length)) {
      run.holders = run.approvers
        .filter((id) => !run.decisions.some((d) => d.userId === id))
        .slice(0, HOLDERS_SHOWN);
      return true;
    }
    this.finish(draft, run, result);
    return this.follow(draft, step, step.next).then(() => true);
  }

  private async follow(draft: Draft, step: Step, transition: Step['next'], depth = 0): Promise<void> {
    const target = targetOf(transition, contextOf(draft.doc, draft.now));
    if (target === null) {
      await this.fail(draft, step, 'no transition condition held');
      return;
    }
    await this.enter(draft, target, depth + 1);
  }

  private newRun(draft: Draft, step: Step, resolved: Resolved): StepRun {
    const people = resolved.assigneeIds.length > 0 ? resolved.assigneeIds : resolved.candidateIds;
    return {
      runId: this.ids.newId(),
      stepId: step.id,
      type: step.type,
      name: step.name,
      party: resolved.external ? 'external' : 'company',
      thirdParty: (step.type === 'userTask' || step.type === 'wait' ? step.thirdParty : undefined) ?? null,
      startedAt: draft.now,
      finishedAt: null,
      actorId: null,
      outcome: null,
      comment: null,
      holders: people.slice(0, HOLDERS_SHOWN),
      holderCount: people.length,
      failure: null,
      approvers: [],
      decisions: [],
      dueAt: null,
      document: null,
    };
  }

  /**
   * The step is open: its people are told by the event (their work items follow from it, and its
   * timers: a wait's end, an SLA's reminder and escalations).
   */
  private async start(
    draft: Draft,
    step: Step,
    resolved: Resolved,
    approvers: string[] = [],
    document: StepRun['document'] = null,
    wait: { dueAt: Date } | null = null,
  ): Promise<StepRun> {
    const run = this.newRun(draft, step, resolved);
    run.approvers = approvers;
    run.document = document;
    if (wait) {
      run.dueAt = wait.dueAt;
    } else if (SLA_STEPS.has(step.type)) {
      const planned = await this.sla.plan(step, run.holders, draft.doc, draft.now);
      run.dueAt = planned?.dueAt ?? null;
      run.sla = planned?.sla ?? null;
      run.escalationLevel = 0;
    }
    run.itemCount = resolved.assigneeIds.length + (resolved.candidateIds.length > 0 ? 1 : 0);
    draft.doc.current.push(run);
    const people = [...resolved.assigneeIds, ...resolved.candidateIds];
    if (people.length <= PARTICIPANTS_FROM_STEP) {
      draft.doc.participants = [...new Set([...draft.doc.participants, ...people])];
    }
    draft.events.push(
      this.event(draft, ProcessEvents.stepStarted, {
        runId: run.runId,
        stepId: step.id,
        stepType: step.type,
        party: run.party,
        assigneeIds: resolved.assigneeIds,
        candidateIds: resolved.candidateIds,
        dueAt: run.dueAt?.toISOString() ?? null,
        document,
      }),
    );
    return run;
  }

  private finish(
    draft: Draft,
    run: StepRun,
    result: {
      outcome: string;
      actorId: string | null;
      comment: string | null;
      data: Record<string, unknown>;
      returnedTo?: string;
      documentId?: string;
      recordId?: string;
    },
  ): void {
    draft.doc.current = draft.doc.current.filter((r) => r.runId !== run.runId);
    const finished: StepRun = {
      ...run,
      finishedAt: draft.now,
      actorId: result.actorId,
      outcome: result.outcome,
      comment: result.comment,
    };
    draft.doc.history = [...draft.doc.history, finished];
    draft.doc.steps = {
      ...draft.doc.steps,
      [run.stepId]: {
        outcome: result.outcome,
        data: result.data,
        comment: result.comment,
        actorId: result.actorId,
      },
    };
    draft.events.push(
      this.event(draft, ProcessEvents.stepFinished, {
        runId: run.runId,
        stepId: run.stepId,
        stepType: run.type,
        outcome: result.outcome,
        comment: result.comment,
        actorId: result.actorId,
        returnedTo: result.returnedTo ?? null,
        documentId: result.documentId ?? null,
        recordId: result.recordId ?? null,
        party: run.party,
        openItems: mayLeaveOpenItems(run, result.outcome),
      }),
    );
  }

  /** The step cannot go on: it is marked failed and its admins get a task to retry or cancel. */
  private async fail(draft: Draft, step: Step, reason: string): Promise<void> {
    const run = this.newRun(draft, step, { assigneeIds: [], candidateIds: [], external: false });
    draft.doc.current.push(run);
    await this.failRun(draft, run, reason);
  }

  private async failRun(draft: Draft, run: StepRun, reason: string): Promise<void> {
    this.logger.warn({
      instanceId: draft.doc._id,
      stepId: run.stepId,
      reason,
      msg: 'A step failed; admins get a task',
    });
    const admins = await this.resolver.admins(draft.doc);
    run.type = 'admin';
    run.failure = reason;
    run.holders = admins.slice(0, HOLDERS_SHOWN);
    run.holderCount = admins.length;
    run.itemCount = 1;
    run.party = 'company';
    draft.doc.participants = [
      ...new Set([...draft.doc.participants, ...admins.slice(0, PARTICIPANTS_FROM_STEP)]),
    ];
    draft.events.push(
      this.event(draft, ProcessEvents.stepFailed, { runId: run.runId, stepId: run.stepId, reason }),
    );
    draft.events.push(
      this.event(draft, ProcessEvents.stepStarted, {
        runId: run.runId,
        stepId: run.stepId,
        stepType: 'admin',
        party: 'company',
        assigneeIds: [],
        candidateIds: admins,
        dueAt: null,
        document: null,
      }),
    );
  }

  private end(draft: Draft, status: InstanceStatus, reason: string | null): void {
    draft.doc.status = status;
    draft.doc.endedAt = draft.now;
    draft.doc.cancelReason = status === 'cancelled' ? reason : null;
    draft.events.push(this.event(draft, ProcessEvents.instanceEnded, { status, reason }));
  }

  /** An event of the instance: its identity and the revision it reaches come with every one. */
  event(draft: Draft, contract: EventContract, data: Record<string, unknown>): EventEnvelope {
    return this.events.create(contract, {
      orgId: draft.doc.orgId,
      subject: { type: 'process-instance', id: draft.doc._id },
      data: {
        instanceId: draft.doc._id,
        templateKey: draft.doc.templateKey,
        templateVersion: draft.doc.templateVersion,
        revision: draft.revision,
        ...data,
      },
    });
  }

  private async processDocument(documentId: string) {
    try {
      return await this.bus.request(DocumentsRequests.forProcess, { documentId }, { anonymous: true });
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NotFound) {
        return null;
      }
      throw err;
    }
  }
}

/** Steps people hold: the ones an SLA applies to. */
const SLA_STEPS = new Set<Step['type']>(['userTask', 'approval', 'acknowledgement']);

/** Failures that another try would not cure: the step fails visibly instead. */
const PERMANENT = new Set<string>([
  ErrorCode.ValidationFailed,
  ErrorCode.NotFound,
  ErrorCode.Forbidden,
  ErrorCode.Conflict,
]);

/**
 * Whether a finished run may leave work items open: several people's items (a parallel approval,
 * an acknowledgement, a userTask given to each member), or a run ended from outside (cancelled).
 * One person's or one group's item is the one just completed.
 */
function mayLeaveOpenItems(run: StepRun, outcome: string): boolean {
  // A sequential approval's approvers get their items one by one: one is open at a time. A run
  // stored before runs counted their items may have several.
  return outcome === 'cancelled' || (run.itemCount ?? 2) > 1;
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

function isNobody(resolved: Resolved): boolean {
  return resolved.assigneeIds.length === 0 && resolved.candidateIds.length === 0;
}

/** A sequential approval starts with its first approver only. */
function sequentialFirst(step: ApprovalStep, resolved: Resolved): Resolved {
  return step.mode === 'sequential'
    ? { ...resolved, assigneeIds: resolved.assigneeIds.slice(0, 1) }
    : resolved;
}

function quorumOf(step: ApprovalStep, approvers: number): number {
  if (step.quorum === 'all') {
    return approvers;
  }
  if (step.quorum === 'any') {
    return 1;
  }
  return Math.min(step.quorum, approvers);
}

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
