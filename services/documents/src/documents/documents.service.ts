import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  CreateDocumentInput,
  DocumentView,
  EventEnvelope,
  LinkFormFilesInput,
  ListDocumentsInput,
  Page,
  Principal,
  ProcessDocument,
  Receipt,
  ReceiptBundle,
} from '@orbita/contracts';
import { DocumentsEvents, ErrorCode, Permission, ProcessRequests } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import {
  AppError,
  BusClient,
  CLOCK,
  EventFactory,
  ID_GENERATOR,
  grantedOrgIds,
  hasPermission,
  isVisibleTo,
  requireAccess,
  scopeOf,
  toPage,
} from '@orbita/platform';
import type { ServedContent, UploadSource } from '../content';
import { ContentStore } from '../content';
import { Directory } from '../directory/directory';
import { ReceiptsService } from '../receipts/receipts.service';
import { DocumentRepository } from './document.repository';
import type { DocumentRecord, VersionRecord } from './document.schema';
import { documentEventBase, searchKey, toDocumentView } from './document.view';

const DOCUMENT = { resource: 'document', read: Permission.FileRead } as const;
const MANAGE = { ...DOCUMENT, act: Permission.FileManage } as const;
/** How often adding a version is tried when another upload of the same document won the race. */
const VERSION_ATTEMPTS = 5;

/**
 * Documents with versions, published to a counterparty (ARCHITECTURE §5). Whoever reads the
 * issuing org's documents (file.read on its path) or created one sees it whole; the counterparty's
 * people see it once a version is published to their org, and only the published versions. Their
 * first open and download of a version are recorded as signed receipts.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly documents: DocumentRepository,
    private readonly receipts: ReceiptsService,
    private readonly content: ContentStore,
    private readonly directory: Directory,
    private readonly bus: BusClient,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    this.content.registerReferences('documents', (key) => this.documents.holdsContent(key));
  }

  async create(principal: Principal, input: CreateDocumentInput): Promise<DocumentView> {
    const parties = await this.parties(principal, input.orgId, input.counterpartyOrgId);
    const id = this.ids.newId();
    const now = this.clock.now();
    const document: DocumentRecord = {
      _id: id,
      orgId: parties.owner.id,
      orgPath: parties.owner.path,
      counterpartyOrgId: parties.counterparty?.id ?? null,
      audience: [],
      participants: [principal.userId],
      title: input.title,
      titleKey: searchKey(input.title),
      numberKey: input.number ? searchKey(input.number) : null,
      type: input.type,
      number: input.number ?? null,
      series: id,
      seq: 0,
      requestKey: id,
      status: 'draft',
      processInstanceId: input.processInstanceId ?? null,
      registerRecordIds: input.registerRecordIds ?? [],
      versions: [],
      publishedVersion: null,
      unread: false,
      generation: null,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      voidedAt: null,
      voidReason: null,
    };
    await this.documents.add(document, [this.createdEvent(document)]);
    return toDocumentView(document, true);
  }

  /**
   * The issuing org (the caller's own unless named) where the caller may file documents, and the
   * counterparty, an org of the same company the caller sees (an org one may not see is NOT_FOUND,
   * exactly like one that does not exist).
   */
  async parties(
    principal: Principal,
    ownerId: string | undefined,
    counterpartyId: string | undefined,
  ): Promise<{ owner: { id: string; path: string[] }; counterparty: { id: string; path: string[] } | null }> {
    const owner = ownerId
      ? await this.directory.org(ownerId)
      : { id: principal.orgId, path: principal.orgPath };
    if (owner.path[0] !== principal.orgPath[0] || !hasPermission(principal, Permission.OrgRead, owner.path)) {
      throw AppError.notFound('org');
    }
    if (!hasPermission(principal, Permission.FileManage, owner.path)) {
      throw new AppError(ErrorCode.Forbidden);
    }
    if (!counterpartyId) {
      return { owner, counterparty: null };
    }
    const counterparty = await this.directory.org(counterpartyId);
    if (
      counterparty.path[0] !== principal.orgPath[0] ||
      !hasPermission(principal, Permission.OrgRead, counterparty.path)
    ) {
      throw AppError.notFound('org');
    }
    return { owner, counterparty };
  }

  /**
   * A file filed to a request from its feed (S1.3's site photo, S1.5's complaint photo): anyone who
   * may see the request may file one (tasks answers that, asked with the caller's own token), a
   * portal user's for both sides, staff's for the company only unless shared. It is a one-version
   * document of the uploader's org, linked to the request, and readable by those who see the
   * request (internal ones: its company people only); no receipts, since nothing is published.
   */
  async attach(
    principal: Principal,
    instanceId: string,
    wanted: 'internal' | 'shared',
    source: UploadSource,
  ): Promise<DocumentView> {
    try {
      await this.bus.request(ProcessRequests.access, { instanceId });
    } catch (err) {
      source.stream.resume();
      throw err;
    }
    return this.fileAttachment(principal, instanceId, wanted, source);
  }

  /**
   * A file for a form being filled (a start form's upload field: S1.3's site photo chosen before the
   * request exists): the same one-version document, seen by its uploader only until the request
   * that carries it starts and links it (linkFormFiles); then it is the request's like any other.
   */
  attachForForm(
    principal: Principal,
    wanted: 'internal' | 'shared',
    source: UploadSource,
  ): Promise<DocumentView> {
    return this.fileAttachment(principal, null, wanted, source);
  }

  /**
   * Links the caller's own form files to the request they start: each must be a form file the
   * caller filed, not linked yet or linked to this request already (a repeated start). Answers the
   * ids it linked; any other id is left out, for the caller to refuse.
   */
  async linkFormFiles(principal: Principal, input: LinkFormFilesInput): Promise<{ linked: string[] }> {
    const linked: string[] = [];
    for (const documentId of new Set(input.documentIds)) {
      const document = await this.documents.findForWork(documentId);
      if (!document?.attachment || document.createdBy !== principal.userId) {
        continue;
      }
      if (
        document.processInstanceId === input.instanceId ||
        (document.processInstanceId === null &&
          (await this.documents.linkToInstance(
            documentId,
            principal.userId,
            input.instanceId,
            this.clock.now(),
          )))
      ) {
        linked.push(documentId);
      }
    }
    return { linked };
  }

  private async fileAttachment(
    principal: Principal,
    instanceId: string | null,
    wanted: 'internal' | 'shared',
    source: UploadSource,
  ): Promise<DocumentView> {
    const visibility = principal.external ? 'shared' : wanted;
    const id = this.ids.newId();
    const stored = await this.content.store(source, `documents/${id}`);
    const now = this.clock.now();
    const title = stored.fileName;
    const version: VersionRecord = {
      version: 1,
      fileName: stored.fileName,
      storageKey: stored.storageKey,
      size: stored.size,
      sha256: stored.sha256,
      mimeType: stored.mimeType,
      authorId: principal.userId,
      comment: null,
      createdAt: now,
    };
    const document: DocumentRecord = {
      _id: id,
      orgId: principal.orgId,
      orgPath: principal.orgPath,
      counterpartyOrgId: null,
      audience: [],
      participants: [principal.userId],
      title,
      titleKey: searchKey(title),
      numberKey: null,
      type: stored.mimeType.startsWith('image/') ? 'photo' : 'other',
      number: null,
      series: id,
      seq: 0,
      requestKey: id,
      status: 'draft',
      processInstanceId: instanceId,
      attachment: { visibility },
      registerRecordIds: [],
      versions: [version],
      publishedVersion: null,
      unread: false,
      generation: null,
      createdBy: principal.userId,
      createdAt: now,
      updatedAt: now,
      publishedAt: null,
      voidedAt: null,
      voidReason: null,
    };
    try {
      await this.documents.add(document, [
        this.createdEvent(document),
        this.versionAddedEvent(document, version),
      ]);
    } catch (err) {
      await this.content.discard(stored.storageKey);
      throw err;
    }
    await this.content.settle(stored.storageKey);
    return toDocumentView(document, true);
  }

  /** The document as the caller may see it; the counterparty's first open is recorded. */
  async get(principal: Principal, documentId: string): Promise<DocumentView> {
    const document = await this.visible(principal, documentId);
    const ownSide = this.isOwnSide(principal, document) || Boolean(document.attachment);
    if (!ownSide && document.publishedVersion !== null) {
      await this.receive(principal, document, 'viewed', document.publishedVersion);
    }
    return toDocumentView(document, ownSide);
  }

  async list(principal: Principal, input: ListDocumentsInput): Promise<Page<DocumentView>> {
    const scope = scopeOf(principal, Permission.FileRead);
    const docs = await this.documents.list(
      scope,
      {
        counterpartyOrgId: input.counterpartyOrgId,
        processInstanceId: input.processInstanceId,
        type: input.type,
        status: input.status,
        from: input.from ? new Date(input.from) : undefined,
        to: input.to ? new Date(input.to) : undefined,
        prefix: input.q ? searchKey(input.q) : undefined,
        unread: input.unread,
      },
      { cursor: input.cursor, limit: input.limit },
    );
    return toPage(docs, input.limit, (doc) => toDocumentView(doc, this.isOwnSide(principal, doc)));
  }

  /** Documents published to the org (the caller's own unless named) that nobody there opened yet. */
  async unreadCount(principal: Principal, counterpartyOrgId: string | undefined): Promise<{ count: number }> {
    const orgId = counterpartyOrgId ?? principal.orgId;
    return { count: await this.documents.countUnread(scopeOf(principal, Permission.FileRead), orgId) };
  }

  async publish(
    principal: Principal,
    documentId: string,
    version: number | undefined,
  ): Promise<DocumentView> {
    const document = await this.findVisible(principal, documentId);
    requireAccess(principal, document, MANAGE);
    if (document.status === 'void') {
      throw AppError.conflict({ en: 'the document is void', ru: 'документ аннулирован' });
    }
    const latest = document.versions.at(-1);
    if (!latest) {
      throw AppError.conflict({
        en: 'the document has no version to publish yet',
        ru: 'у документа ещё нет версии, которую можно опубликовать',
      });
    }
    const target = version ?? latest.version;
    const stated = document.versions.find((v) => v.version === target);
    if (!stated) {
      throw AppError.notFound('version');
    }
    if (document.publishedVersion !== null && target <= document.publishedVersion) {
      if (target === document.publishedVersion) {
        return toDocumentView(document, true);
      }
      throw AppError.conflict({
        en: `version ${document.publishedVersion} is already published; an older one cannot replace it`,
        ru: `уже опубликована версия ${document.publishedVersion}; более старая не может её заменить`,
      });
    }
    const published = await this.applyPublish(document, stated, principal.userId);
    await this.receipts.record(published, 'published', target, {
      userId: principal.userId,
      orgId: principal.orgId,
    });
    return toDocumentView(published, true);
  }

  /** Marks the version published (one write, with its event); the caller records the receipt. */
  async applyPublish(
    document: DocumentRecord,
    version: VersionRecord,
    publishedBy: string,
  ): Promise<DocumentRecord> {
    const now = this.clock.now();
    const counterparty = document.counterpartyOrgId
      ? await this.directory.org(document.counterpartyOrgId)
      : null;
    const changes = {
      status: 'published' as const,
      publishedVersion: version.version,
      audience: counterparty?.path ?? [],
      unread: counterparty !== null,
      publishedAt: now,
      updatedAt: now,
    };
    const event = this.events.create(DocumentsEvents.published, {
      orgId: document.orgId,
      subject: { type: 'document', id: document._id },
      data: { ...documentEventBase(document), version: version.version, sha256: version.sha256, publishedBy },
    });
    if (!(await this.documents.change(document, { $set: changes }, [event]))) {
      throw concurrentChange();
    }
    return { ...document, ...changes };
  }

  async void(principal: Principal, documentId: string, reason: string): Promise<DocumentView> {
    const document = await this.findVisible(principal, documentId);
    requireAccess(principal, document, MANAGE);
    if (document.status === 'void') {
      return toDocumentView(document, true);
    }
    const now = this.clock.now();
    const changes = {
      status: 'void' as const,
      voidedAt: now,
      voidReason: reason,
      updatedAt: now,
      unread: false,
    };
    const event = this.events.create(DocumentsEvents.voided, {
      orgId: document.orgId,
      subject: { type: 'document', id: document._id },
      data: { ...documentEventBase(document), reason, voidedBy: principal.userId },
    });
    if (!(await this.documents.change(document, { $set: changes }, [event]))) {
      throw concurrentChange();
    }
    return toDocumentView({ ...document, ...changes }, true);
  }

  /**
   * Streams a new version into storage; it becomes part of the document (visible) only once stored
   * whole and hashed. An old version is never overwritten.
   */
  async addVersion(
    principal: Principal,
    documentId: string,
    source: UploadSource,
    comment: string | null,
  ): Promise<DocumentView> {
    let document: DocumentRecord;
    try {
      document = await this.manageable(principal, documentId);
    } catch (err) {
      // The body is not wanted: drain it so that the answer reaches the client.
      source.stream.resume();
      throw err;
    }
    const stored = await this.content.store(source, `documents/${document._id}`);
    try {
      const updated = await this.appendVersion(document, {
        fileName: stored.fileName,
        storageKey: stored.storageKey,
        size: stored.size,
        sha256: stored.sha256,
        mimeType: stored.mimeType,
        authorId: principal.userId,
        comment,
      });
      await this.content.settle(stored.storageKey);
      return toDocumentView(updated, true);
    } catch (err) {
      await this.content.discard(stored.storageKey);
      throw err;
    }
  }

  /** Adds the version after the newest one, reading again when another upload took its number. */
  async appendVersion(
    document: DocumentRecord,
    version: Omit<VersionRecord, 'version' | 'createdAt'>,
  ): Promise<DocumentRecord> {
    let current: DocumentRecord | null = document;
    for (let attempt = 0; attempt < VERSION_ATTEMPTS && current; attempt++) {
      const now = this.clock.now();
      const record: VersionRecord = { ...version, version: current.versions.length + 1, createdAt: now };
      const changes = { updatedAt: now };
      if (
        await this.documents.addVersion(current._id, record, changes, [
          this.versionAddedEvent(current, record),
        ])
      ) {
        return { ...current, ...changes, versions: [...current.versions, record] };
      }
      current = await this.documents.findForWork(current._id);
    }
    throw concurrentChange();
  }

  versionAddedEvent(document: DocumentRecord, record: VersionRecord): EventEnvelope {
    return this.events.create(DocumentsEvents.versionAdded, {
      orgId: document.orgId,
      subject: { type: 'document', id: document._id },
      data: {
        ...documentEventBase(document),
        version: record.version,
        sha256: record.sha256,
        size: record.size,
        mimeType: record.mimeType,
        authorId: record.authorId,
      },
    });
  }

  /** A version's content for download; the counterparty's download is recorded. */
  async openVersion(principal: Principal, documentId: string, version: number): Promise<ServedContent> {
    const document = await this.visible(principal, documentId);
    // A request's attachment is seen whole by whoever may see it there: nothing to publish.
    const ownSide = this.isOwnSide(principal, document) || Boolean(document.attachment);
    const stated = document.versions.find((v) => v.version === version);
    if (
      !stated ||
      (!ownSide && (document.publishedVersion === null || version > document.publishedVersion))
    ) {
      throw AppError.notFound('version');
    }
    if (!ownSide) {
      await this.receive(principal, document, 'downloaded', version);
    }
    return {
      storageKey: stated.storageKey,
      size: stated.size,
      sha256: stated.sha256,
      mimeType: stated.mimeType,
      fileName: stated.fileName,
    };
  }

  async listReceipts(principal: Principal, documentId: string): Promise<{ items: Receipt[] }> {
    const document = await this.visible(principal, documentId);
    return { items: await this.receipts.list(document) };
  }

  async receiptBundle(principal: Principal, documentId: string, receiptId: string): Promise<ReceiptBundle> {
    const document = await this.visible(principal, documentId);
    return this.receipts.bundle(document, receiptId);
  }

  /** The receipt with the version it is about (its file name and size, for the printed receipt). */
  async receiptWithVersion(
    principal: Principal,
    documentId: string,
    receiptId: string,
  ): Promise<{ bundle: ReceiptBundle; version: VersionRecord | null }> {
    const document = await this.visible(principal, documentId);
    const bundle = await this.receipts.bundle(document, receiptId);
    const stated = bundle.chain.at(-1)?.version;
    return { bundle, version: document.versions.find((v) => v.version === stated) ?? null };
  }

  /** A document as the process engine needs it (it checks who may see what itself). */
  async forProcess(documentId: string): Promise<ProcessDocument> {
    const document = await this.documents.findForWork(documentId);
    if (!document) {
      throw AppError.notFound('document');
    }
    const published = document.versions.find((v) => v.version === document.publishedVersion);
    const newest = document.versions.at(-1);
    return {
      documentId: document._id,
      title: document.title,
      orgPath: document.orgPath,
      counterpartyOrgId: document.counterpartyOrgId,
      publishedVersion: document.publishedVersion,
      sha256: published?.sha256 ?? null,
      processInstanceId: document.processInstanceId,
      attachment: document.attachment ?? null,
      fileName: newest?.fileName ?? null,
      size: newest?.size ?? null,
    };
  }

  /** The process engine says a person acknowledged this version (their task was completed). */
  async acknowledge(input: {
    documentId: string;
    version: number;
    userId: string;
    sha256: string;
  }): Promise<Receipt> {
    const document = await this.documents.findForWork(input.documentId);
    const stated = document?.versions.find((v) => v.version === input.version);
    if (!document || !stated) {
      throw AppError.notFound('version');
    }
    if (stated.sha256 !== input.sha256) {
      throw AppError.conflict({
        en: 'the checksum is not the one of this version',
        ru: 'контрольная сумма не совпадает с суммой этой версии',
      });
    }
    const person = await this.directory.person(input.userId);
    if (!person) {
      throw AppError.notFound('user');
    }
    return this.receipts.record(document, 'acknowledged', input.version, {
      userId: input.userId,
      orgId: person.orgId,
    });
  }

  private async receive(
    principal: Principal,
    document: DocumentRecord,
    kind: 'viewed' | 'downloaded',
    version: number,
  ): Promise<void> {
    await this.receipts.record(document, kind, version, { userId: principal.userId, orgId: principal.orgId });
    if (document.unread && version === document.publishedVersion) {
      await this.documents.markRead(document._id);
    }
  }

  /** A document the caller may file versions to: one they see, with file.manage over it, not void. */
  private async manageable(principal: Principal, documentId: string): Promise<DocumentRecord> {
    // As a handler's permission check does: who may file nowhere is refused before any look-up.
    if (grantedOrgIds(principal, Permission.FileManage).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    const document = await this.findVisible(principal, documentId);
    requireAccess(principal, document, MANAGE);
    if (document.status === 'void') {
      throw AppError.conflict({ en: 'the document is void', ru: 'документ аннулирован' });
    }
    return document;
  }

  /** The issuing side: sees drafts and every version (through the issuing org, or as its creator). */
  private isOwnSide(principal: Principal, document: DocumentRecord): boolean {
    return isVisibleTo(scopeOf(principal, Permission.FileRead), {
      orgPath: document.orgPath,
      participants: document.participants,
    });
  }

  private async visible(principal: Principal, documentId: string): Promise<DocumentRecord> {
    const document =
      (await this.findVisible(principal, documentId)) ?? (await this.attachmentFor(principal, documentId));
    if (!document) {
      throw AppError.notFound('document');
    }
    return document;
  }

  /**
   * A request's attachment the caller does not see through their org: theirs to see when tasks
   * says they may see the request (asked with their own token), internal ones for staff only.
   */
  private async attachmentFor(principal: Principal, documentId: string): Promise<DocumentRecord | null> {
    const document = await this.documents.findForWork(documentId);
    if (!document?.attachment || !document.processInstanceId) {
      return null;
    }
    if (document.attachment.visibility === 'internal' && principal.external) {
      return null;
    }
    try {
      await this.bus.request(ProcessRequests.access, { instanceId: document.processInstanceId });
      return document;
    } catch (err) {
      if (err instanceof AppError && (err.code === ErrorCode.NotFound || err.code === ErrorCode.Forbidden)) {
        return null;
      }
      throw err;
    }
  }

  private findVisible(principal: Principal, documentId: string): Promise<DocumentRecord | null> {
    return this.documents.findById(scopeOf(principal, Permission.FileRead), documentId);
  }

  createdEvent(document: DocumentRecord): EventEnvelope {
    return this.events.create(DocumentsEvents.documentCreated, {
      orgId: document.orgId,
      subject: { type: 'document', id: document._id },
      data: { ...documentEventBase(document), createdBy: document.createdBy },
    });
  }
}

function concurrentChange(): AppError {
  return AppError.conflict({
    en: 'the document was changed at the same time; try again',
    ru: 'документ одновременно изменили; повторите действие',
  });
}
