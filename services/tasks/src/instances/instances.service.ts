import { Inject, Injectable } from '@nestjs/common';
import type {
  InstanceSummary,
  InstanceView,
  ListInstancesInput,
  Page,
  PersonName,
  Principal,
  StartInstanceInput,
  StepRunView,
} from '@orbita/contracts';
import {
  DocumentsRequests,
  FORM_FILES_AT_MOST,
  IdSchema,
  Permission,
  ProcessEvents,
} from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  BusClient,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  isVisibleTo,
  requireAccess,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { PeopleDirectory } from '../directory/people';
import type { TemplateVersionRef } from '../templates/template-catalogue';
import { TemplateCatalogue } from '../templates/template-catalogue';
import { Engine } from './engine';
import { contextOf, evaluate, valueAt } from './expressions';
import type { FormFile } from './form-files';
import { formFilesOf } from './form-files';
import { FormValidator } from './forms';
import { stepOutcomes } from './work-items';
import { CounterRepository, InstanceRepository } from './instance.repository';
import type { InstanceDocument, StepRun } from './instance.schema';

/** Holders of an open step named one by one; a larger group is shown as its size. */
const NAMED_HOLDERS_AT_MOST = 10;
/** The most people one request's answer names. */
const NAMED_AT_MOST = 60;

/**
 * Requests (process instances) as people start, read and cancel them. Who may start what is the
 * template's rule (its starters); who may see an instance is the access rule of every store: its
 * owning org's subtree (the client's, for a client request) and its participants.
 */
@Injectable()
export class InstancesService {
  constructor(
    private readonly instances: InstanceRepository,
    private readonly counters: CounterRepository,
    private readonly catalogue: TemplateCatalogue,
    private readonly engine: Engine,
    private readonly forms: FormValidator,
    private readonly people: PeopleDirectory,
    private readonly directory: DirectoryService,
    private readonly events: EventFactory,
    private readonly bus: BusClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async start(principal: Principal, input: StartInstanceInput): Promise<InstanceView> {
    const template = await this.catalogue.forStart(principal, input.templateKey);
    const requestKey = input.idempotencyKey ? `${principal.userId}:${input.idempotencyKey}` : null;
    if (requestKey) {
      const repeated = await this.instances.byRequestKey(requestKey);
      if (repeated) {
        return toInstanceView(repeated);
      }
    }
    const definition = template.definition;
    this.forms.assertValid(`${template.key}@${template.version}:start`, definition.startForm, input.form);
    const client = await this.clientOf(principal, definition.clientField, input.form);
    const id = this.ids.newId();
    await this.linkFormFiles(id, formFilesOf(definition.startForm, input.form));
    const { instance } = await this.open(template, principal, input.form, client, requestKey, id);
    return instance;
  }

  /**
   * The files of the start form's upload fields become the request's (the documents service links
   * them, asked with the starter's token) before the request is written: each must be a file the
   * starter filed for a form, else the field is refused and nothing is started. A start that fails
   * after this leaves them linked to an id no request has, seen by their uploader alone.
   */
  private async linkFormFiles(instanceId: string, files: FormFile[]): Promise<void> {
    if (files.length === 0) {
      return;
    }
    if (files.length > FORM_FILES_AT_MOST) {
      throw AppError.validation({
        en: `the form carries ${files.length} files; at most ${FORM_FILES_AT_MOST}`,
        ru: `в форме ${files.length} файлов; можно не больше ${FORM_FILES_AT_MOST}`,
      });
    }
    const ids = files.map((f) => f.documentId).filter((id) => IdSchema.safeParse(id).success);
    const { linked } =
      ids.length > 0
        ? await this.bus.request(DocumentsRequests.linkFormFiles, { instanceId, documentIds: ids })
        : { linked: [] };
    const missing = files.filter((f) => !linked.includes(f.documentId));
    if (missing.length === 0) {
      return;
    }
    const details = missing.map((f) => ({
      path: f.path,
      message: 'no file you uploaded for this form; upload it again',
      message_ru: 'нет такого файла, загруженного вами для этой формы; загрузите его ещё раз',
    }));
    throw AppError.validation(
      {
        en: `the form is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        ru: `данные формы не подходят: ${details.map((d) => `${d.path}: ${d.message_ru}`).join('; ')}`,
      },
      details,
    );
  }

  /**
   * A schedule's start (ADR 022), as its starter: a staff member of the company the template's
   * starters let start it (checked now, not only when the schedule was made). The client of a
   * client request must be an external org of the starter's company. The occurrence's key makes it
   * idempotent: a second firing of the same period and target answers the instance it started.
   */
  async startScheduled(input: {
    templateKey: string;
    starter: Principal;
    form: Record<string, unknown>;
    requestKey: string;
  }): Promise<{ instance: InstanceView; started: boolean }> {
    const repeated = await this.instances.byRequestKey(input.requestKey);
    if (repeated) {
      return { instance: toInstanceView(repeated), started: false };
    }
    const { starter } = input;
    if (starter.external || starter.seat !== 'full') {
      throw AppError.validation({
        en: 'starterId: the starter must be a staff member with a full seat',
        ru: 'starterId: запускать может только сотрудник компании с полным местом',
      });
    }
    const template = await this.catalogue.forStart(starter, input.templateKey);
    const definition = template.definition;
    this.forms.assertValid(`${template.key}@${template.version}:start`, definition.startForm, input.form);
    const client = await this.companyClientOf(starter, definition.clientField, input.form);
    return this.open(template, starter, input.form, client, input.requestKey);
  }

  private async open(
    template: TemplateVersionRef,
    principal: Principal,
    form: Record<string, unknown>,
    client: { id: string; path: string[] } | null,
    requestKey: string | null,
    id: string = this.ids.newId(),
  ): Promise<{ instance: InstanceView; started: boolean }> {
    const definition = template.definition;
    const now = this.clock.now();
    const company = principal.orgPath[0] ?? principal.orgId;
    const seq = await this.counters.next(`instance:${company}:${now.getUTCFullYear()}`);
    const owner = client ?? { id: principal.orgId, path: principal.orgPath };
    const instance: InstanceDocument = {
      _id: id,
      number: `${now.getUTCFullYear()}-${String(seq).padStart(6, '0')}`,
      orgId: owner.id,
      orgPath: owner.path,
      participants: [principal.userId],
      templateKey: template.key,
      templateVersion: template.version,
      templateName: definition.name,
      title: definition.name.ru,
      status: 'running',
      requester: {
        userId: principal.userId,
        orgId: principal.orgId,
        orgPath: principal.orgPath,
        external: principal.external,
      },
      clientOrgId: client?.id ?? null,
      form,
      vars: {},
      steps: {},
      current: [],
      history: [],
      requestKey: requestKey ?? `id:${id}`,
      revision: 0,
      cancelReason: null,
      createdAt: now,
      updatedAt: now,
      endedAt: null,
    };
    const title =
      definition.title === undefined ? null : evaluate(definition.title, contextOf(instance, now));
    if (typeof title === 'string' && title.trim().length > 0) {
      instance.title = title.trim().slice(0, 300);
    }
    const draft = this.engine.draftOf(instance, definition);
    draft.events.push(
      this.events.create(ProcessEvents.instanceStarted, {
        orgId: instance.orgId,
        subject: { type: 'process-instance', id },
        data: {
          instanceId: id,
          templateKey: template.key,
          templateVersion: template.version,
          revision: 1,
          number: instance.number,
          title: instance.title,
          requesterId: principal.userId,
          requesterOrgId: principal.orgId,
          clientOrgId: instance.clientOrgId,
          form,
        },
      }),
    );
    const [first] = definition.steps;
    if (!first) {
      throw new Error(`Template ${template.key}@${template.version} has no steps`);
    }
    await this.engine.enter(draft, first.id);
    const stored: InstanceDocument = { ...draft.doc, revision: 1 };
    if (!(await this.instances.add(stored, draft.events))) {
      // The same key started one a moment ago (a retried request that raced the first).
      const repeated = requestKey ? await this.instances.byRequestKey(requestKey) : null;
      if (repeated) {
        return { instance: toInstanceView(repeated), started: false };
      }
      throw AppError.conflict({ en: 'the request was started already', ru: 'заявка уже создана' });
    }
    return { instance: toInstanceView(stored), started: true };
  }

  /** One request with what its page shows besides: the start form's labels and the people's names. */
  async get(principal: Principal, instanceId: string): Promise<InstanceView> {
    const instance = await this.visible(principal, instanceId);
    const [template, people] = await Promise.all([
      this.catalogue.version(instance.templateKey, instance.templateVersion),
      this.namesOf(instance),
    ]);
    const view = toInstanceView(instance);
    const definition = template?.definition;
    const named = (run: StepRunView): StepRunView => {
      const step = definition?.steps.find((s) => s.id === run.stepId);
      const outcome = step && run.outcome ? stepOutcomes(step).find((o) => o.id === run.outcome) : undefined;
      return { ...run, outcomeName: outcome?.name ?? null };
    };
    return {
      ...view,
      current: view.current.map(named),
      history: view.history.map(named),
      startForm: definition?.startForm ?? null,
      people,
    };
  }

  /**
   * The requester, who finished each step, who holds the open ones (a group of more than
   * NAMED_HOLDERS_AT_MOST is shown as a count) and the participants, at most NAMED_AT_MOST of them:
   * one look-up by id each in tasks' copy of the people (ADR 012).
   */
  private async namesOf(instance: InstanceDocument): Promise<PersonName[]> {
    const ids = new Set<string>([instance.requester.userId]);
    for (const run of [...instance.history, ...instance.current]) {
      if (run.actorId) {
        ids.add(run.actorId);
      }
    }
    for (const run of instance.current) {
      if (run.holders.length <= NAMED_HOLDERS_AT_MOST) {
        run.holders.forEach((id) => ids.add(id));
      }
    }
    instance.participants.forEach((id) => ids.add(id));
    const users = await Promise.all([...ids].slice(0, NAMED_AT_MOST).map((id) => this.directory.user(id)));
    return users.flatMap((user) =>
      user ? [{ id: user._id, displayName: user.displayName, external: user.external }] : [],
    );
  }

  async list(principal: Principal, input: ListInstancesInput): Promise<Page<InstanceSummary>> {
    const scope = scopeOf(principal, Permission.TaskRead);
    const filter: Record<string, unknown> = {};
    switch (input.scope) {
      case 'mine':
        filter['requester.userId'] = principal.userId;
        break;
      case 'involved':
        filter['participants'] = principal.userId;
        break;
      case 'org':
        filter['orgPath'] = input.orgId ?? principal.orgId;
        break;
    }
    if (input.status) {
      filter['status'] = input.status;
    }
    if (input.templateKey) {
      filter['templateKey'] = input.templateKey;
    }
    const docs = await this.instances.listFor(scope, filter, input);
    return toPage(docs, input.limit, toInstanceSummary);
  }

  /** Managers (task.manage over the request) cancel it with a reason; its open work is withdrawn. */
  async cancel(principal: Principal, instanceId: string, reason: string): Promise<InstanceView> {
    const instance = await this.instances.findById(scopeOf(principal, Permission.TaskRead), instanceId);
    requireAccess(principal, instance, {
      resource: 'request',
      read: Permission.TaskRead,
      act: Permission.TaskManage,
    });
    const moved = await this.engine.move(instanceId, (draft) => {
      if (draft.doc.status !== 'running') {
        throw AppError.conflict({ en: 'the request has ended already', ru: 'заявка уже завершена' });
      }
      this.engine.cancel(draft, principal.userId, reason);
      return Promise.resolve(true);
    });
    return toInstanceView(moved ?? instance);
  }

  /** The instance if the principal may see it (NOT_FOUND otherwise: a guessed id tells nothing). */
  async visible(principal: Principal, instanceId: string): Promise<InstanceDocument> {
    const instance = await this.instances.findById(scopeOf(principal, Permission.TaskRead), instanceId);
    if (!instance) {
      throw AppError.notFound('request');
    }
    return instance;
  }

  /**
   * The client org of a request: a portal user's own org, or, for staff, the start form's client
   * field (an org they must be able to see).
   */
  private async clientOf(
    principal: Principal,
    clientField: string | undefined,
    form: Record<string, unknown>,
  ): Promise<{ id: string; path: string[] } | null> {
    if (principal.external) {
      return { id: principal.orgId, path: principal.orgPath };
    }
    if (!clientField) {
      return null;
    }
    const value = valueAt(form, clientField);
    if (value === undefined || value === null || value === '') {
      return null;
    }
    const org = typeof value === 'string' ? await this.people.org(value) : null;
    if (!org || !isVisibleTo(scopeOf(principal, Permission.OrgRead), { orgPath: org.path })) {
      throw AppError.validation({
        en: `${clientField}: no such client org, or not one you may see`,
        ru: `${clientField}: такой организации-клиента нет или она вам не видна`,
      });
    }
    return { id: org.id, path: org.path };
  }

  /** The client of a scheduled start: the form's client field must name an external org of the company. */
  private async companyClientOf(
    starter: Principal,
    clientField: string | undefined,
    form: Record<string, unknown>,
  ): Promise<{ id: string; path: string[] } | null> {
    const value = clientField ? valueAt(form, clientField) : undefined;
    if (!clientField || value === undefined || value === null || value === '') {
      return null;
    }
    const org = typeof value === 'string' ? await this.people.org(value) : null;
    if (!org?.external || org.path[0] !== starter.orgPath[0]) {
      throw AppError.validation({
        en: `${clientField}: no such client org of the company`,
        ru: `${clientField}: такой организации-клиента у компании нет`,
      });
    }
    return { id: org.id, path: org.path };
  }
}

export function toStepRunView(run: StepRun): StepRunView {
  return {
    runId: run.runId,
    stepId: run.stepId,
    type: run.type,
    name: run.name,
    party: run.party,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    actorId: run.actorId,
    outcome: run.outcome,
    comment: run.comment,
    holders: run.holders,
    failure: run.failure,
    dueAt: run.dueAt?.toISOString() ?? null,
    overdue: run.overdue ?? false,
    escalationLevel: run.escalationLevel ?? 0,
  };
}

function heldBy(instance: InstanceDocument): InstanceView['heldBy'] {
  if (instance.status !== 'running' || instance.current.length === 0) {
    return null;
  }
  const since = Math.min(...instance.current.map((r) => r.startedAt.getTime()));
  const party = instance.current.some((r) => r.party === 'company') ? 'company' : 'external';
  return {
    party,
    since: new Date(since).toISOString(),
    holders: [...new Set(instance.current.flatMap((r) => r.holders))].slice(0, 50),
  };
}

export function toInstanceSummary(instance: InstanceDocument): InstanceSummary {
  return {
    id: instance._id,
    number: instance.number,
    templateKey: instance.templateKey,
    templateName: instance.templateName,
    title: instance.title,
    status: instance.status,
    requesterId: instance.requester.userId,
    clientOrgId: instance.clientOrgId,
    heldBy: heldBy(instance),
    overdue: instance.status === 'running' && instance.current.some((r) => r.overdue === true),
    createdAt: instance.createdAt.toISOString(),
    updatedAt: instance.updatedAt.toISOString(),
    endedAt: instance.endedAt?.toISOString() ?? null,
  };
}

export function toInstanceView(instance: InstanceDocument): InstanceView {
  return {
    ...toInstanceSummary(instance),
    orgId: instance.orgId,
    templateVersion: instance.templateVersion,
    requesterOrgId: instance.requester.orgId,
    form: instance.form,
    vars: instance.vars,
    current: instance.current.map(toStepRunView),
    history: instance.history.map(toStepRunView),
    revision: instance.revision,
    cancelReason: instance.cancelReason,
  };
}
