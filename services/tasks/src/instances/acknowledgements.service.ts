import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AcknowledgementProgress, Principal } from '@orbita/contracts';
import { Permission, ProcessEvents } from '@orbita/contracts';
import type { Clock } from '@orbita/platform';
import { AppError, CLOCK, requireAccess } from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { OrgDirectory } from '../directory/org-directory';
import { TaskRepository } from '../tasks/task.repository';
import { Engine } from './engine';
import type { InstanceDocument, StepRun } from './instance.schema';
import { InstancesService } from './instances.service';

/** How many of those still to acknowledge a progress view names (the counts have them all). */
const PENDING_SHOWN = 500;

/** An acknowledgement order's live progress, and "remind the rest". */
@Injectable()
export class AcknowledgementsService {
  private readonly logger = new Logger(AcknowledgementsService.name);
  constructor(
    private readonly instances: InstancesService,
    private readonly tasks: TaskRepository,
    private readonly directory: DirectoryService,
    private readonly orgs: OrgDirectory,
    private readonly engine: Engine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async progress(
    principal: Principal,
    instanceId: string,
    stepId?: string,
  ): Promise<AcknowledgementProgress> {
    const instance = await this.instances.visible(principal, instanceId);
    const run = runOf(instance, stepId);
    const now = this.clock.now();
    const [open, done, pending] = await Promise.all([
      this.tasks.countOfRun(run.runId, 'open'),
      this.tasks.countOfRun(run.runId, 'done'),
      this.tasks.ofRun(run.runId, 'open', PENDING_SHOWN),
    ]);
    const people = await Promise.all(
      pending.map(async (item) => {
        const user = item.assigneeId ? await this.directory.user(item.assigneeId) : null;
        return {
          userId: item.assigneeId ?? '',
          displayName: user?.displayName ?? item.assigneeId ?? '',
          orgId: user?.orgId ?? item.orgId,
          overdue: item.dueAt !== null && item.dueAt < now,
        };
      }),
    );
    // "Where": the names of their orgs, asked of identity (and kept a minute). Without identity
    // the progress is still the truth; the names are left empty.
    const known = await this.orgs.orgs(people.map((p) => p.orgId)).catch((err: unknown) => {
      this.logger.warn({ err, msg: 'Org names for an acknowledgement progress could not be read' });
      return [];
    });
    const names = new Map(known.map((org) => [org.id, org.name]));
    return {
      instanceId,
      stepId: run.stepId,
      document: run.document
        ? { documentId: run.document.documentId, version: run.document.version, title: run.document.title }
        : null,
      total: open + done,
      done,
      overdue: people.filter((p) => p.overdue).length,
      pending: people.map((p) => ({ ...p, orgName: names.get(p.orgId) ?? '' })),
    };
  }

  /** Everyone who has not acknowledged yet is reminded (an event notifications turns into messages). */
  async remind(principal: Principal, instanceId: string, stepId?: string): Promise<{ reminded: number }> {
    const instance = await this.instances.visible(principal, instanceId);
    requireAccess(principal, instance, {
      resource: 'request',
      read: Permission.TaskRead,
      act: Permission.TaskManage,
    });
    const run = runOf(instance, stepId);
    const pending = await this.tasks.ofRun(run.runId, 'open', 20_000);
    const recipientIds = pending.flatMap((item) => (item.assigneeId ? [item.assigneeId] : []));
    if (recipientIds.length === 0) {
      return { reminded: 0 };
    }
    await this.engine.move(instanceId, (draft) => {
      draft.events.push(
        this.engine.event(draft, ProcessEvents.acknowledgementsReminded, {
          stepId: run.stepId,
          recipientIds,
        }),
      );
      return Promise.resolve(true);
    });
    return { reminded: recipientIds.length };
  }
}

/** The acknowledgement run asked for (by step), or the latest one of the instance. */
function runOf(instance: InstanceDocument, stepId: string | undefined): StepRun {
  const runs = [...instance.history, ...instance.current]
    .filter((r) => r.type === 'acknowledgement' && (stepId === undefined || r.stepId === stepId))
    .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  const run = runs.at(-1);
  if (!run) {
    throw AppError.notFound('acknowledgement');
  }
  return run;
}
