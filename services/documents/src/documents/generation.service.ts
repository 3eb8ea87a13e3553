import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  DirectoryOrg,
  DocumentType,
  GenerateDocumentInput,
  GeneratedDocument,
  Principal,
  TemplateView,
} from '@orbita/contracts';
import { DocumentTypeSchema, DocumentsEvents, ErrorCode, Permission } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, ID_GENERATOR, PeriodicSweep, grantedOrgIds } from '@orbita/platform';
import type { DocumentsConfig } from '../config';
import { DOCUMENTS_CONFIG } from '../config.token';
import { ContentStore } from '../content';
import { Directory } from '../directory/directory';
import { ReceiptsService } from '../receipts/receipts.service';
import type { RenderContext, RenderParty } from '../rendering';
import { PdfRenderer, TemplatePack } from '../rendering';
import { DocumentRepository } from './document.repository';
import type { DocumentRecord, VersionRecord } from './document.schema';
import { documentEventBase, searchKey } from './document.view';
import { DocumentsService } from './documents.service';
import { KeyedQueue } from './keyed-queue';

/** Who asked for a generation: a staff user, or the process engine on its own account. */
export type Requester = { principal: Principal } | { process: true };

/** Test-only fault injection (FAILPOINT env): every render of this process fails. */
export const GenerationFailpoint = { RenderFails: 'documents.render-fails' } as const;

/** The longest a failed render waits before it is tried again (it doubles from RENDER_RETRY_MS). */
const MAX_RETRY_MS = 10 * 60_000;

/**
 * Documents generated from templates (ARCHITECTURE §5): the number of the series (type, issuing
 * org, year) is taken by the insert that creates the document, so numbers have no gap and no
 * duplicate whatever runs at once; then the PDF is rendered and stored as version 1. A render that
 * fails is retried by the sweep until it succeeds, the number is never given back; a command
 * repeated with the same key answers the document it made.
 */
@Injectable()
export class GenerationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(GenerationService.name);
  private readonly numbering = new KeyedQueue();
  private readonly rendering = new Set<string>();
  private readonly sweeps: PeriodicSweep<void>;

  constructor(
    private readonly documents: DocumentRepository,
    private readonly service: DocumentsService,
    private readonly receipts: ReceiptsService,
    private readonly templates: TemplatePack,
    private readonly renderer: PdfRenderer,
    private readonly content: ContentStore,
    private readonly directory: Directory,
    private readonly events: EventFactory,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {
    this.sweeps = new PeriodicSweep(
      config.RENDER_SWEEP_MS,
      () => this.renderDue(),
      undefined,
      (err) => {
        this.logger.warn({ err, msg: 'The render sweep failed; it runs again' });
      },
    );
  }

  onApplicationBootstrap(): void {
    this.sweeps.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sweeps.stop();
  }

  /** The templates documents can be generated from, for those who may issue documents somewhere. */
  listTemplates(principal: Principal): { items: TemplateView[] } {
    if (grantedOrgIds(principal, Permission.FileManage).length === 0) {
      throw new AppError(ErrorCode.Forbidden);
    }
    return {
      items: this.templates
        .list()
        .filter((template) => isGeneratedType(template.documentType))
        .map((template) => ({
          key: template.key,
          documentType: template.documentType,
          names: template.names,
          dataSchema: template.dataSchema as Record<string, unknown>,
        })),
    };
  }

  async generate(requester: Requester, input: GenerateDocumentInput): Promise<GeneratedDocument> {
    const template = this.templates.get(input.templateKey);
    if (!template || !isGeneratedType(template.documentType)) {
      throw AppError.validation({
        en: `templateKey: there is no document template "${input.templateKey}"`,
        ru: `templateKey: шаблона документа «${input.templateKey}» нет`,
      });
    }
    const type: DocumentType = template.documentType;
    const parties =
      'principal' in requester
        ? await this.service.parties(requester.principal, input.orgId, input.counterpartyOrgId)
        : await this.processParties(input.orgId, input.counterpartyOrgId);
    const requestKey = `generate:${parties.owner.id}:${input.idempotencyKey}`;
    const repeated = await this.documents.findByRequestKey(requestKey);
    if (repeated) {
      return answer(repeated);
    }
    // Bad data is refused before a number is taken.
    this.templates.validate(template.key, input.data);
    const now = this.clock.now();
    const context = await this.context(parties.owner.id, parties.counterparty?.id ?? null, '0', now);
    const year = yearIn(now, this.config.DOCUMENTS_TIME_ZONE);
    const series = `${type}:${parties.owner.id}:${year}`;
    const requestedBy = 'principal' in requester ? requester.principal.userId : 'process';
    const id = this.ids.newId();
    const numbered = await this.numbering.run(series, () =>
      this.documents.addNumbered((seq) => {
        const number = String(seq);
        const title = this.templates.title(template.key, input.data, { ...context, number });
        const document: DocumentRecord = {
          _id: id,
          orgId: parties.owner.id,
          orgPath: parties.owner.path,
          counterpartyOrgId: parties.counterparty?.id ?? null,
          audience: [],
          participants: 'principal' in requester ? [requester.principal.userId] : [],
          title,
          titleKey: searchKey(title),
          numberKey: number,
          type,
          number,
          series,
          seq,
          requestKey,
          status: 'draft',
          processInstanceId: input.processInstanceId ?? null,
          registerRecordIds: input.registerRecordIds ?? [],
          versions: [],
          publishedVersion: null,
          unread: false,
          generation: {
            templateKey: template.key,
            dataJson: JSON.stringify(input.data),
            state: 'pending',
            attempts: 0,
            lastError: null,
            publish: input.publish,
            requestedBy,
          },
          // Should this process die while rendering, the sweep renders it after this time.
          renderDueAt: new Date(now.getTime() + this.config.RENDER_RETRY_MS),
          createdBy: requestedBy,
          createdAt: now,
          updatedAt: now,
          publishedAt: null,
          voidedAt: null,
          voidReason: null,
        };
        return { document, events: [this.service.createdEvent(document)] };
      }),
    );
    if (!numbered.inserted) {
      return answer(numbered.existing);
    }
    // The answer waits for the PDF a while (RENDER_WAIT_MS); a render that takes longer (a queue
    // of them) goes on and the answer says "pending": the document and its number exist already.
    const rendered = this.render(numbered.document);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<DocumentRecord>((resolve) => {
      timer = setTimeout(() => {
        resolve(numbered.document);
      }, this.config.RENDER_WAIT_MS);
    });
    try {
      return answer(await Promise.race([rendered, waited]));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Renders the document's PDF and stores it as version 1 (with the generated event, in one
   * write); publishes it when the command asked. A failure leaves the generation pending and
   * due again later (doubling delays): the document keeps its number.
   */
  async render(document: DocumentRecord): Promise<DocumentRecord> {
    const generation = document.generation;
    if (!generation || generation.state !== 'pending' || this.rendering.has(document._id)) {
      return document;
    }
    this.rendering.add(document._id);
    try {
      const data = JSON.parse(generation.dataJson) as Record<string, unknown>;
      const context = await this.context(
        document.orgId,
        document.counterpartyOrgId,
        document.number ?? '',
        document.createdAt,
      );
      if (this.config.FAILPOINT === GenerationFailpoint.RenderFails) {
        throw new Error(`Failpoint ${GenerationFailpoint.RenderFails}: the render fails`);
      }
      const template = this.templates.get(generation.templateKey);
      const html = this.templates.renderHtml(generation.templateKey, data, context);
      const pdf = await this.renderer.render(html, { landscape: template?.landscape ?? false });
      const stored = await this.content.storeBuffer(
        pdf,
        `${document.title}.pdf`,
        `documents/${document._id}`,
      );
      const now = this.clock.now();
      const record: VersionRecord = {
        version: 1,
        fileName: stored.fileName,
        storageKey: stored.storageKey,
        size: stored.size,
        sha256: stored.sha256,
        mimeType: stored.mimeType,
        authorId: generation.requestedBy,
        createdAt: now,
        comment: null,
      };
      const changes = {
        generation: { ...generation, state: 'ready' as const, lastError: null },
        updatedAt: now,
      };
      const generated = this.events.create(DocumentsEvents.generated, {
        orgId: document.orgId,
        subject: { type: 'document', id: document._id },
        data: {
          ...documentEventBase(document),
          version: 1,
          sha256: stored.sha256,
          templateKey: generation.templateKey,
        },
      });
      const completed = await this.documents
        .completeGeneration(document._id, record, changes, [
          this.service.versionAddedEvent(document, record),
          generated,
        ])
        .catch(async (err: unknown) => {
          await this.content.discard(stored.storageKey);
          throw err;
        });
      if (!completed) {
        // Another instance finished it first: its version stands, this one's content goes.
        await this.content.discard(stored.storageKey);
        return (await this.documents.findForWork(document._id)) ?? document;
      }
      await this.content.settle(stored.storageKey);
      let updated: DocumentRecord = { ...document, ...changes, versions: [record] };
      delete updated.renderDueAt;
      const version = updated.versions.at(-1);
      if (generation.publish && version && updated.counterpartyOrgId) {
        updated = await this.service.applyPublish(updated, version, generation.requestedBy);
        const actorOrg =
          generation.requestedBy === 'process'
            ? updated.orgId
            : await this.orgOf(generation.requestedBy, updated.orgId);
        await this.receipts.record(updated, 'published', version.version, {
          userId: generation.requestedBy,
          orgId: actorOrg,
        });
      }
      return updated;
    } catch (err) {
      const attempts = generation.attempts + 1;
      const delay = Math.min(this.config.RENDER_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
      const reason = err instanceof Error ? err.message : String(err);
      this.logger.warn({
        err,
        documentId: document._id,
        attempts,
        msg: 'Rendering a document failed; retrying later',
      });
      await this.documents.postponeRender(
        document._id,
        new Date(this.clock.now().getTime() + delay),
        attempts,
        reason.slice(0, 500),
      );
      return document;
    } finally {
      this.rendering.delete(document._id);
    }
  }

  /** Renders what is due now (one sweep at a time in this process). */
  sweep(): Promise<void> {
    return this.sweeps.now();
  }

  /** Failed renders and those a dead process left. */
  private async renderDue(): Promise<void> {
    const due = await this.documents.dueRenders(this.clock.now(), 20);
    for (const document of due) {
      await this.render(document);
    }
  }

  private async orgOf(userId: string, fallback: string): Promise<string> {
    return (await this.directory.person(userId))?.orgId ?? fallback;
  }

  private async processParties(ownerId: string | undefined, counterpartyId: string | undefined) {
    if (!ownerId) {
      throw AppError.validation({ en: 'orgId: required', ru: 'orgId: обязательное поле' });
    }
    const owner = await this.directory.org(ownerId);
    const counterparty = counterpartyId ? await this.directory.org(counterpartyId) : null;
    if (counterparty && counterparty.path[0] !== owner.path[0]) {
      throw AppError.notFound('org');
    }
    return { owner, counterparty };
  }

  /** Number, date and both parties as printed: each org as the legal entity it acts as. */
  private async context(
    ownerId: string,
    counterpartyId: string | null,
    number: string,
    date: Date,
  ): Promise<RenderContext> {
    const owner = await this.directory.legalEntity(ownerId);
    const counterparty = counterpartyId ? await this.directory.legalEntity(counterpartyId) : null;
    return {
      number,
      date,
      owner: toParty(owner),
      ...(counterparty ? { counterparty: toParty(counterparty) } : {}),
    };
  }
}

function toParty(org: DirectoryOrg): RenderParty {
  const legal = org.legal;
  return {
    name: legal?.fullName ?? org.name,
    ...(legal?.inn ? { inn: legal.inn } : {}),
    ...(legal?.kpp ? { kpp: legal.kpp } : {}),
    ...(legal?.ogrn ? { ogrn: legal.ogrn } : {}),
    ...(legal?.address ? { address: legal.address } : {}),
    ...(legal?.phone ? { phone: legal.phone } : {}),
    ...(legal?.email ? { email: legal.email } : {}),
    ...(legal?.bank
      ? {
          bank: {
            name: legal.bank.name,
            bik: legal.bank.bik,
            account: legal.bank.account,
            ...(legal.bank.correspondentAccount
              ? { correspondentAccount: legal.bank.correspondentAccount }
              : {}),
          },
        }
      : {}),
    ...(legal?.head ? { head: legal.head } : {}),
    ...(legal?.accountant ? { accountant: legal.accountant } : {}),
  };
}

/** Templates that make documents (the receipt sheet prints receipts, it is not a document). */
export function isGeneratedType(type: string): type is DocumentType {
  return (DocumentTypeSchema.options as readonly string[]).includes(type);
}

function answer(document: DocumentRecord): GeneratedDocument {
  return {
    documentId: document._id,
    number: document.number ?? '',
    title: document.title,
    state: document.generation?.state ?? 'ready',
  };
}

/** The calendar year of the moment where the issuing company keeps its books. */
function yearIn(at: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(at));
}
