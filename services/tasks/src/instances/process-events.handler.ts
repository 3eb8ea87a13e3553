import { Injectable, Logger } from '@nestjs/common';
import type { EventData, EventEnvelope } from '@orbita/contracts';
import { DocumentsEvents, ProcessEvents } from '@orbita/contracts';
import { OnEvent } from '@orbita/platform';
import { ChangeHints } from '../feeds/change-hints';
import { FeedsService } from '../feeds/feeds.service';
import { RegionProjector } from '../reports/region-projector';
import { ReportProjector } from '../reports/report-projector';
import { TaskRepository } from '../tasks/task.repository';
import { TemplateCatalogue } from '../templates/template-catalogue';
import { Engine } from './engine';
import { InstanceRepository } from './instance.repository';
import type { InstanceDocument } from './instance.schema';
import { StepTimers } from './step-timers';
import { WorkItems } from './work-items';

type Envelope<K extends keyof typeof ProcessEvents> = EventEnvelope<EventData<(typeof ProcessEvents)[K]>>;

/** Steps whose system entries portal users see: their own steps, and what every party must know. */
/** How many holders a run shows (the engine's limit). */
const HOLDERS_SHOWN = 50;

const SHARED_ALWAYS = new Set(['tasks.instance.started', 'tasks.instance.ended']);

/**
 * What follows from the engine's events, each handled idempotently (JetStream may deliver one
 * twice, and a crash between a transition and its effects only delays them): work items set and
 * withdrawn, automatic steps run, decisions applied, and the request's feed written.
 */
@Injectable()
export class ProcessEventsHandler {
  private readonly logger = new Logger(ProcessEventsHandler.name);

  constructor(
    private readonly engine: Engine,
    private readonly instances: InstanceRepository,
    private readonly tasks: TaskRepository,
    private readonly items: WorkItems,
    private readonly catalogue: TemplateCatalogue,
    private readonly feed: FeedsService,
    private readonly stepTimers: StepTimers,
    private readonly reports: ReportProjector,
    private readonly regions: RegionProjector,
    private readonly hints: ChangeHints,
  ) {}

  @OnEvent(ProcessEvents.instanceStarted)
  async onInstanceStarted(event: Envelope<'instanceStarted'>): Promise<void> {
    await this.feed.system(event, { instanceId: event.data.instanceId, visibility: 'shared' });
    // The per-region report (ADR 024): counted once however often the event comes.
    const instance = await this.instances.load(event.data.instanceId);
    if (instance) {
      await this.regions.instanceStarted(instance);
    }
    await this.hints.changed(event.data.instanceId, 'shared');
  }

  @OnEvent(ProcessEvents.stepStarted)
  async onStepStarted(event: Envelope<'stepStarted'>): Promise<void> {
    await this.stepStarted(event);
    // After the work items are set: a new task reaches its people with the hint.
    await this.hints.changed(event.data.instanceId, 'shared');
  }

  private async stepStarted(event: Envelope<'stepStarted'>): Promise<void> {
    const data = event.data;
    const instance = await this.instances.load(data.instanceId);
    if (!instance) {
      return;
    }
    const step = await this.stepOf(instance, data.stepId);
    await this.feed.system(event, {
      instanceId: instance._id,
      visibility: this.visibility(event.type, data.party, step?.shared),
      stepId: data.stepId,
    });
    const run = instance.current.find((r) => r.runId === data.runId);
    if (run) {
      await this.stepTimers.schedule(instance, run);
    }
    if (data.stepType === 'generateDocument' || data.stepType === 'registerUpdate') {
      await this.engine.move(instance._id, (draft) => this.engine.runAutomatic(draft, data.runId));
      return;
    }
    if (data.stepType === 'wait' || data.stepType === 'notify') {
      return;
    }
    await this.items.set(instance, step, {
      runId: data.runId,
      stepId: data.stepId,
      stepType: data.stepType,
      party: data.party,
      assigneeIds: data.assigneeIds,
      candidateIds: data.candidateIds,
      dueAt: data.dueAt,
      document: data.document,
    });
  }

  @OnEvent(ProcessEvents.stepAssigned)
  async onStepAssigned(event: Envelope<'stepAssigned'>): Promise<void> {
    const data = event.data;
    const instance = await this.instances.load(data.instanceId);
    const run = instance?.current.find((r) => r.runId === data.runId);
    if (!instance || !run) {
      return;
    }
    const step = await this.stepOf(instance, data.stepId);
    await this.items.set(instance, step, {
      runId: run.runId,
      stepId: run.stepId,
      stepType: run.type,
      party: run.party,
      assigneeIds: data.assigneeIds,
      candidateIds: data.candidateIds,
      dueAt: run.dueAt?.toISOString() ?? null,
      document: run.document,
    });
    await this.hints.changed(instance._id, 'shared');
  }

  @OnEvent(ProcessEvents.stepFinished)
  async onStepFinished(event: Envelope<'stepFinished'>): Promise<void> {
    const data = event.data;
    const step = await this.stepOf(data, data.stepId);
    await this.feed.system(event, {
      instanceId: data.instanceId,
      visibility: this.visibility(event.type, data.party, step?.shared),
      stepId: data.stepId,
      outcome: data.outcome,
      comment: data.comment,
      actorId: data.actorId,
      documentId: data.documentId,
    });
    await this.stepTimers.cancel(data.runId);
    // An order that goes on without waiting keeps its acknowledgement tasks open.
    const keepsItems = step?.type === 'acknowledgement' && step.wait === 'none' && data.outcome === 'issued';
    if (data.openItems && !keepsItems) {
      await this.tasks.cancelOpenOfRun(data.runId, new Date(event.occurredAt));
    }
    // The report read models (ADR 023): counted once however often the event comes.
    const instance = await this.instances.load(data.instanceId);
    if (instance) {
      await this.reports.stepFinished(instance, data.runId);
    }
    await this.hints.changed(data.instanceId, 'shared');
  }

  @OnEvent(ProcessEvents.taskCompleted)
  async onTaskCompleted(event: Envelope<'taskCompleted'>): Promise<void> {
    const data = event.data;
    if (!data.instanceId || !data.runId) {
      return;
    }
    const runId = data.runId;
    if (data.kind === 'acknowledgement') {
      const open = await this.tasks.countOfRun(runId, 'open');
      if (open === 0) {
        await this.engine.move(data.instanceId, (draft) => this.engine.acknowledged(draft, runId));
      }
      return;
    }
    await this.engine.move(data.instanceId, (draft) =>
      this.engine.applyCompleted(draft, {
        taskId: data.taskId,
        runId,
        userId: data.userId,
        outcome: data.outcome,
        comment: data.comment,
        returnTo: data.returnTo,
        data: data.data,
      }),
    );
  }

  @OnEvent(ProcessEvents.taskClaimed)
  async onTaskClaimed(event: Envelope<'taskClaimed'>): Promise<void> {
    if (event.data.instanceId) {
      await this.feed.system(event, {
        instanceId: event.data.instanceId,
        visibility: 'internal',
        actorId: event.data.userId,
      });
    }
    await this.refreshHolders(event.data.taskId);
  }

  @OnEvent(ProcessEvents.taskReleased)
  async onTaskReleased(event: Envelope<'taskReleased'>): Promise<void> {
    await this.refreshHolders(event.data.taskId);
  }

  @OnEvent(ProcessEvents.taskReassigned)
  async onTaskReassigned(event: Envelope<'taskReassigned'>): Promise<void> {
    if (event.data.instanceId) {
      await this.feed.system(event, {
        instanceId: event.data.instanceId,
        visibility: 'internal',
        comment: event.data.reason,
      });
    }
    await this.refreshHolders(event.data.taskId);
  }

  @OnEvent(ProcessEvents.instanceEnded)
  async onInstanceEnded(event: Envelope<'instanceEnded'>): Promise<void> {
    await this.feed.system(event, {
      instanceId: event.data.instanceId,
      visibility: 'shared',
      outcome: event.data.status,
      comment: event.data.reason,
    });
    const instance = await this.instances.load(event.data.instanceId);
    if (instance) {
      await this.reports.instanceEnded(instance);
    }
    await this.hints.changed(event.data.instanceId, 'shared');
  }

  /**
   * A new version of a document was published: whoever acknowledged an older one gets a new
   * acknowledgement task for this version (in the same step run, so the order's progress shows it).
   */
  @OnEvent(DocumentsEvents.published)
  async onDocumentPublished(
    event: EventEnvelope<EventData<typeof DocumentsEvents.published>>,
  ): Promise<void> {
    const { documentId, version, sha256, title } = event.data;
    const items = await this.tasks.acknowledgementsOf(documentId, 20_000);
    const byRun = new Map<
      string,
      { instanceId: string; stepId: string; users: Set<string>; current: Set<string> }
    >();
    for (const item of items) {
      if (!item.runId || !item.instanceId || !item.document || !item.assigneeId) {
        continue;
      }
      const entry = byRun.get(item.runId) ?? {
        instanceId: item.instanceId,
        stepId: item.stepId ?? '',
        users: new Set<string>(),
        current: new Set<string>(),
      };
      if (item.document.version >= version) {
        entry.current.add(item.assigneeId);
      } else if (item.status === 'done') {
        entry.users.add(item.assigneeId);
      }
      byRun.set(item.runId, entry);
    }
    for (const [runId, entry] of byRun) {
      const users = [...entry.users].filter((u) => !entry.current.has(u));
      if (users.length === 0) {
        continue;
      }
      const instance = await this.instances.load(entry.instanceId);
      if (!instance) {
        continue;
      }
      const step = await this.stepOf(instance, entry.stepId);
      // A new run key per version: the same person acknowledges each version once.
      const added = await this.items.set(instance, step, {
        runId: `${runId}v${version}`,
        stepId: entry.stepId,
        stepType: 'acknowledgement',
        party: 'company',
        assigneeIds: users,
        candidateIds: [],
        dueAt: null,
        document: { documentId, version, sha256, title },
      });
      this.logger.log({
        documentId,
        version,
        instanceId: instance._id,
        added,
        msg: 'Asked to acknowledge a new version',
      });
    }
  }

  /** A work item of a step run changed hands: the run shows who holds it now ("who is holding it"). */
  private async refreshHolders(taskId: string): Promise<void> {
    const task = await this.tasks.load(taskId);
    const { instanceId, runId } = task ?? {};
    if (!instanceId || !runId) {
      return;
    }
    const holders = await this.items.holdersNow(runId, HOLDERS_SHOWN);
    await this.engine.move(instanceId, (draft) => Promise.resolve(this.engine.hold(draft, runId, holders)));
    // The request's page shows who holds a step: every participant sees the change.
    await this.hints.changed(instanceId, 'shared');
  }

  private async stepOf(instance: Pick<InstanceDocument, 'templateKey' | 'templateVersion'>, stepId: string) {
    const template = await this.catalogue.version(instance.templateKey, instance.templateVersion);
    return template?.definition.steps.find((s) => s.id === stepId) ?? null;
  }

  private visibility(type: string, party: string, shared: boolean | undefined): 'internal' | 'shared' {
    return SHARED_ALWAYS.has(type) || party === 'external' || shared === true ? 'shared' : 'internal';
  }
}
