import { Injectable } from '@nestjs/common';
import type { EventContract, EventData, EventEnvelope } from '@orbita/contracts';
import {
  DocumentsEvents,
  IdentityEvents,
  NotificationKind,
  NotificationSubjectType,
  ProcessEvents,
  RegistersEvents,
  TasksEvents,
  TemplatesEvents,
} from '@orbita/contracts';
import { OnEvent, systemScope } from '@orbita/platform';
import type { Notice } from '../inbox/inbox.service';
import { InboxService } from '../inbox/inbox.service';
import { PeopleDirectory } from '../people/people-directory';
import { RequestCardRepository } from './request-card.repository';
import type { RequestCardDocument } from './request-card.schema';

type Envelope<C extends EventContract> = EventEnvelope<EventData<C>>;

const CARDS = systemScope('requests are titled from the service’s own copy of their starts');

/** What the requester is told when their request ends, by how it ended. */
const ENDINGS: Record<'completed' | 'rejected' | 'cancelled' | 'running', { ru: string; en: string }> = {
  completed: { ru: 'Заявка выполнена', en: 'The request was completed' },
  rejected: { ru: 'Заявка отклонена', en: 'The request was rejected' },
  cancelled: { ru: 'Заявка отменена', en: 'The request was cancelled' },
  running: { ru: 'Заявка в работе', en: 'The request is in progress' },
};

/** Steps whose finishing is a person's decision the requester wants to hear of. */
const DECIDED_BY_PEOPLE = new Set(['userTask', 'approval']);

/**
 * The recipient rules: which events notify whom, one handler per event type. Every event type the
 * platform publishes is either handled here or listed in SILENT_EVENTS with the reason it notifies
 * nobody (a spec checks both against the event contracts, so a new event type has no silent gap).
 * The actor of an event is never notified of their own action (InboxService.deliver drops them).
 */
@Injectable()
export class RecipientRulesHandler {
  constructor(
    private readonly inbox: InboxService,
    private readonly cards: RequestCardRepository,
    private readonly people: PeopleDirectory,
  ) {}

  /** A stand-alone task: its assignee. */
  @OnEvent(TasksEvents.taskCreated)
  async onTaskCreated(event: Envelope<typeof TasksEvents.taskCreated>): Promise<void> {
    await this.inbox.deliver(event, [
      {
        recipientIds: [event.data.assigneeId],
        kind: NotificationKind.TaskAssigned,
        title: event.data.title,
        subject: { type: NotificationSubjectType.Task, id: event.data.taskId },
      },
    ]);
  }

  /** Nobody is told of a start (the requester did it); the card titles what follows. */
  @OnEvent(ProcessEvents.instanceStarted)
  async onInstanceStarted(event: Envelope<typeof ProcessEvents.instanceStarted>): Promise<void> {
    await this.cards.keep(CARDS, {
      _id: event.data.instanceId,
      orgId: event.orgId,
      number: event.data.number,
      title: event.data.title,
      requesterId: event.data.requesterId,
      templateKey: event.data.templateKey,
    });
  }

  /** The step's assignees (an order to acknowledge, or work to do) and the group that may claim it. */
  @OnEvent(ProcessEvents.stepStarted)
  async onStepStarted(event: Envelope<typeof ProcessEvents.stepStarted>): Promise<void> {
    const card = await this.card(event.data.instanceId);
    const request = requestOf(card);
    if (event.data.stepType === 'acknowledgement') {
      await this.inbox.deliver(event, [
        {
          recipientIds: event.data.assigneeIds,
          kind: NotificationKind.AcknowledgementRequested,
          title: event.data.document?.title ?? request.title,
          subject: request.subject,
        },
      ]);
      return;
    }
    await this.inbox.deliver(event, this.work(request, event.data));
  }

  /** The next people given work in a running step (a sequential approval's next approver). */
  @OnEvent(ProcessEvents.stepAssigned)
  async onStepAssigned(event: Envelope<typeof ProcessEvents.stepAssigned>): Promise<void> {
    const request = requestOf(await this.card(event.data.instanceId));
    await this.inbox.deliver(event, this.work(request, event.data));
  }

  /** Those who hold a step whose due time is near. */
  @OnEvent(ProcessEvents.stepReminded)
  async onStepReminded(event: Envelope<typeof ProcessEvents.stepReminded>): Promise<void> {
    const request = requestOf(await this.card(event.data.instanceId));
    await this.inbox.deliver(event, [
      { ...request, recipientIds: event.data.recipientIds, kind: NotificationKind.StepReminder },
    ]);
  }

  /** The supervisors an overdue step was escalated to. */
  @OnEvent(ProcessEvents.stepEscalated)
  async onStepEscalated(event: Envelope<typeof ProcessEvents.stepEscalated>): Promise<void> {
    const request = requestOf(await this.card(event.data.instanceId));
    await this.inbox.deliver(event, [
      { ...request, recipientIds: event.data.recipientIds, kind: NotificationKind.StepEscalated },
    ]);
  }

  /** Those who have not acknowledged an order yet. */
  @OnEvent(ProcessEvents.acknowledgementsReminded)
  async onAcknowledgementsReminded(
    event: Envelope<typeof ProcessEvents.acknowledgementsReminded>,
  ): Promise<void> {
    const request = requestOf(await this.card(event.data.instanceId));
    await this.inbox.deliver(event, [
      { ...request, recipientIds: event.data.recipientIds, kind: NotificationKind.AcknowledgementReminder },
    ]);
  }

  /** Whom a notify step addressed, with its message. */
  @OnEvent(ProcessEvents.instanceNotified)
  async onInstanceNotified(event: Envelope<typeof ProcessEvents.instanceNotified>): Promise<void> {
    const request = requestOf(await this.card(event.data.instanceId));
    await this.inbox.deliver(event, [
      {
        ...request,
        recipientIds: event.data.recipientIds,
        kind: NotificationKind.RequestMessage,
        message: event.data.message,
      },
    ]);
  }

  /**
   * The requester, when a person decided a step of their request: it moved on, or came back to an
   * earlier step with a comment. A rejection ends the request, which onInstanceEnded tells.
   */
  @OnEvent(ProcessEvents.stepFinished)
  async onStepFinished(event: Envelope<typeof ProcessEvents.stepFinished>): Promise<void> {
    const { stepType, outcome, returnedTo, comment } = event.data;
    if (!DECIDED_BY_PEOPLE.has(stepType) || (stepType === 'approval' && outcome === 'reject')) {
      return;
    }
    const card = await this.card(event.data.instanceId);
    const returned = returnedTo !== null;
    await this.inbox.deliver(event, [
      {
        ...requestOf(card),
        recipientIds: [card.requesterId],
        kind: returned ? NotificationKind.RequestReturned : NotificationKind.RequestAdvanced,
        // The comment is the approver's own words, shown as written in either language.
        message: returned && comment ? { ru: comment, en: comment } : null,
      },
    ]);
  }

  /** The requester, when their request was completed, rejected or cancelled. */
  @OnEvent(ProcessEvents.instanceEnded)
  async onInstanceEnded(event: Envelope<typeof ProcessEvents.instanceEnded>): Promise<void> {
    const card = await this.card(event.data.instanceId);
    const ending = ENDINGS[event.data.status];
    const reason = event.data.reason;
    await this.inbox.deliver(event, [
      {
        ...requestOf(card),
        recipientIds: [card.requesterId],
        kind: NotificationKind.RequestEnded,
        message: reason
          ? { ru: `${ending.ru}: ${reason}`, en: `${ending.en}: ${reason}` }
          : { ru: ending.ru, en: ending.en },
      },
    ]);
  }

  /** The person a manager gave the task to. */
  @OnEvent(ProcessEvents.taskReassigned)
  async onTaskReassigned(event: Envelope<typeof ProcessEvents.taskReassigned>): Promise<void> {
    const { taskId, instanceId, toId, reason } = event.data;
    const card = instanceId ? await this.card(instanceId) : null;
    await this.inbox.deliver(event, [
      {
        recipientIds: [toId],
        kind: NotificationKind.TaskReassigned,
        title: event.data.title ?? (card ? requestOf(card).title : ''),
        subject: { type: NotificationSubjectType.Task, id: taskId },
        // The manager's own words.
        message: { ru: reason, en: reason },
      },
    ]);
  }

  /**
   * Those mentioned, and everyone else taking part in the request. An internal comment reaches
   * only the company's people: an external participant hears of shared entries alone.
   */
  @OnEvent(ProcessEvents.commentAdded)
  async onCommentAdded(event: Envelope<typeof ProcessEvents.commentAdded>): Promise<void> {
    const { instanceId, authorId, visibility, mentions, participantIds } = event.data;
    const request = requestOf(await this.card(instanceId));
    const mentioned = new Set(mentions);
    let readers = [...new Set([...mentions, ...participantIds])].filter((id) => id !== authorId);
    if (visibility === 'internal') {
      const people = await this.people.getMany(readers);
      readers = readers.filter((id) => people.get(id)?.external === false);
    }
    await this.inbox.deliver(event, [
      {
        ...request,
        recipientIds: readers.filter((id) => mentioned.has(id)),
        kind: NotificationKind.CommentMention,
      },
      {
        ...request,
        recipientIds: readers.filter((id) => !mentioned.has(id)),
        kind: NotificationKind.CommentAdded,
      },
    ]);
  }

  /** The active people of the org a document was published to. */
  @OnEvent(DocumentsEvents.published)
  async onDocumentPublished(event: Envelope<typeof DocumentsEvents.published>): Promise<void> {
    const orgId = event.data.counterpartyOrgId;
    if (!orgId) {
      return;
    }
    const members = await this.people.membersOf(orgId);
    await this.inbox.deliver(event, [
      {
        recipientIds: members.map((person) => person.id),
        kind: NotificationKind.DocumentPublished,
        title: event.data.number ? `${event.data.number} ${event.data.title}` : event.data.title,
        subject: { type: NotificationSubjectType.Document, id: event.data.documentId },
      },
    ]);
  }

  /** The person whose access changed: a role given or taken, a client given to them. */
  @OnEvent(IdentityEvents.userAccessChanged)
  async onAccessChanged(event: Envelope<typeof IdentityEvents.userAccessChanged>): Promise<void> {
    const message = ACCESS_CHANGES[event.data.reason];
    await this.inbox.deliver(event, [
      {
        recipientIds: [event.data.userId],
        kind: NotificationKind.AccessChanged,
        title: '',
        subject: { type: NotificationSubjectType.User, id: event.data.userId },
        message,
      },
    ]);
  }

  /** Work in a step: its assignees' own, and the group's to claim. */
  private work(request: RequestNotice, data: { assigneeIds: string[]; candidateIds: string[] }): Notice[] {
    return [
      { ...request, recipientIds: data.assigneeIds, kind: NotificationKind.StepAssigned },
      { ...request, recipientIds: data.candidateIds, kind: NotificationKind.StepClaimable },
    ];
  }

  /**
   * The request's card. Its start is published in the same write as its first step, but handlers
   * may run out of order: a missing card fails the event, which is delivered again a moment later.
   */
  private async card(instanceId: string): Promise<RequestCardDocument> {
    const card = await this.cards.card(CARDS, instanceId);
    if (!card) {
      throw new Error(`The start of request ${instanceId} has not been handled yet`);
    }
    return card;
  }
}

type RequestNotice = Pick<Notice, 'title' | 'subject'>;

function requestOf(card: RequestCardDocument): RequestNotice {
  return {
    title: `${card.number} ${card.title}`,
    subject: { type: NotificationSubjectType.ProcessInstance, id: card._id },
  };
}

const ACCESS_CHANGES: Record<'roles' | 'role-permissions' | 'personal-manager', { ru: string; en: string }> =
  {
    roles: { ru: 'Ваши роли изменены', en: 'Your roles were changed' },
    'role-permissions': { ru: 'Права вашей роли изменены', en: 'The permissions of your role were changed' },
    'personal-manager': {
      ru: 'Изменились клиенты, которых вы ведёте',
      en: 'The clients you manage have changed',
    },
  };

/**
 * Event types that notify nobody, each with the reason. With the handlers above they cover every
 * event the platform publishes (recipient-rules.spec.ts checks it against the contracts).
 */
export const SILENT_EVENTS: Readonly<Record<string, string>> = {
  [IdentityEvents.loginSucceeded.type]: 'the person is the one signing in',
  [IdentityEvents.loginFailed.type]: 'security log; the account is protected by throttling',
  [IdentityEvents.loginThrottled.type]: 'security log',
  [IdentityEvents.sessionRevoked.type]: 'the session itself ends; the user sees it at once',
  [IdentityEvents.refreshReuseDetected.type]: 'security log; every session of the user ends',
  [IdentityEvents.passwordChanged.type]: 'the person changed it themselves',
  [IdentityEvents.passwordResetRequested.type]: 'the reset link goes by e-mail (MAIL stream)',
  [IdentityEvents.passwordReset.type]: 'the person did it themselves',
  [IdentityEvents.invitationCreated.type]: 'the invitation goes by e-mail (MAIL stream)',
  [IdentityEvents.invitationAccepted.type]: 'the inviter sees the person in the org’s list',
  [IdentityEvents.invitationRevoked.type]: 'administration only',
  [IdentityEvents.userActivated.type]: 'administration only',
  [IdentityEvents.userDeactivated.type]: 'the person can no longer sign in to read it',
  [IdentityEvents.userUpdated.type]: 'profile edits; access changes arrive as access-changed',
  [IdentityEvents.roleUpdated.type]: 'its holders are told by access-changed',
  [IdentityEvents.orgManagerChanged.type]: 'both managers are told by access-changed',
  [IdentityEvents.orgCreated.type]: 'administration only',
  [IdentityEvents.orgUpdated.type]: 'administration only',
  [IdentityEvents.licenceInstalled.type]: 'administration only',
  [TemplatesEvents.templatePublished.type]: 'the catalogue shows it to those who may start it',
  [TemplatesEvents.templateRetired.type]: 'the catalogue stops offering it',
  [ProcessEvents.stepFailed.type]: 'the engine sets an admin task, which notifies as a step',
  [ProcessEvents.taskClaimed.type]: 'the claimer did it; the group’s items are withdrawn',
  [ProcessEvents.taskReleased.type]: 'the group sees the task back in its queue',
  [ProcessEvents.taskCompleted.type]: 'the request’s progress is told by step-finished',
  [RegistersEvents.recordChanged.type]: 'registers are reference data, read on their pages',
  [DocumentsEvents.fileUploaded.type]: 'the uploader did it',
  [DocumentsEvents.documentCreated.type]: 'drafts are the author’s own until published',
  [DocumentsEvents.versionAdded.type]: 'drafts are the author’s own until published',
  [DocumentsEvents.received.type]: 'receipts are shown on the document',
  [DocumentsEvents.generated.type]: 'the request’s feed shows the document issued',
  [DocumentsEvents.voided.type]: 'shown on the document',
};
