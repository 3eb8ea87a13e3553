import { Inject, Injectable } from '@nestjs/common';
import type {
  AddCommentInput,
  EventEnvelope,
  FeedEntryView,
  Page,
  PageQuery,
  Principal,
} from '@orbita/contracts';
import { DocumentsRequests, ErrorCode, Permission, ProcessEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  BusClient,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  isVisibleTo,
  scopeOf,
  toPage,
} from '@orbita/platform';
import { DirectoryService } from '../directory/directory.service';
import { InstancesService } from '../instances/instances.service';
import type { InstanceDocument } from '../instances/instance.schema';
import { ChangeHints } from './change-hints';
import { FeedRepository } from './feed.repository';
import type { FeedEntryDocument } from './feed.schema';

/** What a system entry records of an event. */
export interface SystemEntry {
  instanceId: string;
  visibility: 'internal' | 'shared';
  stepId?: string | null;
  outcome?: string | null;
  comment?: string | null;
  actorId?: string | null;
  documentId?: string | null;
}

/**
 * One chronological feed per request: comments (with mentions and attachments) and system entries
 * written from the engine's events. Portal users see only what is shared with them.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly feed: FeedRepository,
    private readonly instances: InstancesService,
    private readonly directory: DirectoryService,
    private readonly bus: BusClient,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly hints: ChangeHints,
  ) {}

  async list(principal: Principal, instanceId: string, page: PageQuery): Promise<Page<FeedEntryView>> {
    await this.instances.visible(principal, instanceId);
    const docs = await this.feed.page(instanceId, principal.external, page);
    return toPage(docs, page.limit, toEntryView);
  }

  async comment(principal: Principal, input: AddCommentInput): Promise<FeedEntryView> {
    const instance = await this.instances.visible(principal, input.instanceId);
    // What a portal user writes is for both sides; internal notes are the company's.
    const visibility = principal.external ? 'shared' : input.visibility;
    const mentions = await this.mentionable(principal, instance, input.mentions);
    const attachments = await Promise.all(
      [...new Set(input.attachments)].map((id) => this.attachable(principal, instance, visibility, id)),
    );
    const entry: FeedEntryDocument = {
      _id: this.ids.newId(),
      instanceId: instance._id,
      kind: 'comment',
      visibility,
      authorId: principal.userId,
      text: input.text,
      mentions,
      attachments,
      event: null,
      createdAt: this.clock.now(),
    };
    const added = this.events.create(ProcessEvents.commentAdded, {
      orgId: instance.orgId,
      subject: { type: 'process-instance', id: instance._id },
      data: {
        entryId: entry._id,
        instanceId: instance._id,
        authorId: principal.userId,
        visibility,
        mentions,
        participantIds: instance.participants,
      },
    });
    await this.feed.add(entry, [added]);
    await this.hints.changed(instance._id, visibility);
    return toEntryView(entry);
  }

  /** A system entry of an engine event (its id is the event's: handled twice, written once). */
  async system(event: EventEnvelope, entry: SystemEntry): Promise<void> {
    await this.feed.add({
      _id: event.id,
      instanceId: entry.instanceId,
      kind: 'system',
      visibility: entry.visibility,
      authorId: null,
      text: null,
      mentions: [],
      attachments: [],
      event: {
        type: event.type,
        stepId: entry.stepId ?? null,
        outcome: entry.outcome ?? null,
        comment: entry.comment ?? null,
        actorId: entry.actorId ?? event.actor?.userId ?? null,
        documentId: entry.documentId ?? null,
      },
      createdAt: new Date(event.occurredAt),
    });
  }

  /** Mentioned people must take part in the request or be people the author may see. */
  private async mentionable(
    principal: Principal,
    instance: InstanceDocument,
    ids: string[],
  ): Promise<string[]> {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      if (instance.participants.includes(id)) {
        continue;
      }
      const user = await this.directory.user(id);
      if (
        !user ||
        !isVisibleTo(scopeOf(principal, Permission.UserRead), {
          orgPath: user.orgPath,
          participants: [user._id],
        })
      ) {
        throw AppError.validation({
          en: `mentions: ${id} is nobody you may mention here`,
          ru: `mentions: ${id} — нельзя упомянуть этого человека здесь`,
        });
      }
    }
    return unique;
  }

  /**
   * An attachment is a document of the documents service the author may see: one filed to this
   * request from its feed (a shared comment may not carry one filed for the company only), or any
   * other document they see.
   */
  private async attachable(
    principal: Principal,
    instance: InstanceDocument,
    visibility: 'internal' | 'shared',
    documentId: string,
  ): Promise<FeedEntryDocument['attachments'][number]> {
    try {
      const document = await this.bus.request(
        DocumentsRequests.forProcess,
        { documentId },
        { anonymous: true },
      );
      const entry = { documentId, title: document.title, fileName: document.fileName, size: document.size };
      if (document.attachment && document.processInstanceId === instance._id) {
        if (
          document.attachment.visibility === 'internal' &&
          (principal.external || visibility === 'shared')
        ) {
          if (principal.external) {
            throw AppError.notFound('document');
          }
          throw AppError.validation({
            en: `attachments: ${document.title} was filed for the company only; attach it to an internal comment or file it again as shared`,
            ru: `attachments: файл «${document.title}» загружен только для компании; приложите его к внутреннему комментарию или загрузите заново как видимый клиенту`,
          });
        }
        return entry;
      }
      const theirs =
        isVisibleTo(scopeOf(principal, Permission.FileRead), { orgPath: document.orgPath }) ||
        (document.counterpartyOrgId !== null &&
          document.publishedVersion !== null &&
          principal.orgPath.includes(document.counterpartyOrgId));
      if (theirs) {
        return entry;
      }
    } catch (err) {
      if (!(err instanceof AppError && err.code === ErrorCode.NotFound)) {
        throw err;
      }
    }
    throw AppError.validation({
      en: `attachments: no document ${documentId} that you may see`,
      ru: `attachments: документа ${documentId} нет или он вам не виден`,
    });
  }
}

function toEntryView(entry: FeedEntryDocument): FeedEntryView {
  return {
    id: entry._id,
    instanceId: entry.instanceId,
    kind: entry.kind,
    visibility: entry.visibility,
    authorId: entry.authorId,
    text: entry.text,
    mentions: entry.mentions,
    attachments: entry.attachments.map((a) => ({
      documentId: a.documentId,
      title: a.title,
      fileName: a.fileName ?? null,
      size: a.size ?? null,
    })),
    event: entry.event,
    createdAt: entry.createdAt.toISOString(),
  };
}
