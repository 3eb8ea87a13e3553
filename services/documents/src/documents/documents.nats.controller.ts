import { Controller } from '@nestjs/common';
import type {
  DocumentView,
  GeneratedDocument,
  Page,
  Principal,
  ProcessDocument,
  Receipt,
  ReceiptBundle,
  RequestPayload,
  TemplateView,
} from '@orbita/contracts';
import { DocumentsRequests, Permission } from '@orbita/contracts';
import { Access, CurrentPrincipal, Handle, Input } from '@orbita/platform';
import type { PublishedKey } from '../receipts/receipt-signer';
import { ReceiptSigner } from '../receipts/receipt-signer';
import { DocumentsService } from './documents.service';
import { GenerationService } from './generation.service';

@Controller()
export class DocumentsNatsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly generation: GenerationService,
    private readonly signer: ReceiptSigner,
  ) {}

  @Handle(DocumentsRequests.create, Access.permission(Permission.FileManage))
  create(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.create>,
  ): Promise<DocumentView> {
    return this.documents.create(principal, input);
  }

  @Handle(DocumentsRequests.get, Access.permission(Permission.FileRead))
  get(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.get>,
  ): Promise<DocumentView> {
    return this.documents.get(principal, input.documentId);
  }

  @Handle(DocumentsRequests.list, Access.permission(Permission.FileRead))
  list(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.list>,
  ): Promise<Page<DocumentView>> {
    return this.documents.list(principal, input);
  }

  @Handle(DocumentsRequests.unreadCount, Access.permission(Permission.FileRead))
  unreadCount(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.unreadCount>,
  ): Promise<{ count: number }> {
    return this.documents.unreadCount(principal, input.counterpartyOrgId);
  }

  @Handle(DocumentsRequests.publish, Access.permission(Permission.FileManage))
  publish(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.publish>,
  ): Promise<DocumentView> {
    return this.documents.publish(principal, input.documentId, input.version);
  }

  @Handle(DocumentsRequests.void, Access.permission(Permission.FileManage))
  void(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.void>,
  ): Promise<DocumentView> {
    return this.documents.void(principal, input.documentId, input.reason);
  }

  @Handle(DocumentsRequests.generate, Access.permission(Permission.FileManage))
  generate(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.generate>,
  ): Promise<GeneratedDocument> {
    return this.generation.generate({ principal }, input);
  }

  @Handle(
    DocumentsRequests.generateForProcess,
    Access.service('the process engine issues documents of a process on its own account'),
  )
  generateForProcess(
    @Input() input: RequestPayload<typeof DocumentsRequests.generateForProcess>,
  ): Promise<GeneratedDocument> {
    return this.generation.generate({ process: true }, input);
  }

  @Handle(
    DocumentsRequests.forProcess,
    Access.service('the process engine reads the version people are to acknowledge'),
  )
  forProcess(@Input() input: RequestPayload<typeof DocumentsRequests.forProcess>): Promise<ProcessDocument> {
    return this.documents.forProcess(input.documentId);
  }

  @Handle(DocumentsRequests.listTemplates, Access.permission(Permission.FileManage))
  listTemplates(@CurrentPrincipal() principal: Principal): { items: TemplateView[] } {
    return this.generation.listTemplates(principal);
  }

  @Handle(DocumentsRequests.listReceipts, Access.permission(Permission.FileRead))
  listReceipts(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.listReceipts>,
  ): Promise<{ items: Receipt[] }> {
    return this.documents.listReceipts(principal, input.documentId);
  }

  @Handle(DocumentsRequests.getReceipt, Access.permission(Permission.FileRead))
  getReceipt(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.getReceipt>,
  ): Promise<ReceiptBundle> {
    return this.documents.receiptBundle(principal, input.documentId, input.receiptId);
  }

  @Handle(DocumentsRequests.receiptKeys, Access.public('the public half of the receipt signing key'))
  receiptKeys(): { keys: PublishedKey[] } {
    return { keys: [this.signer.publicKey] };
  }

  @Handle(
    DocumentsRequests.linkFormFiles,
    Access.signedIn('the process engine links a starter’s form files to the request they start'),
  )
  linkFormFiles(
    @CurrentPrincipal() principal: Principal,
    @Input() input: RequestPayload<typeof DocumentsRequests.linkFormFiles>,
  ): Promise<{ linked: string[] }> {
    return this.documents.linkFormFiles(principal, input);
  }

  @Handle(
    DocumentsRequests.acknowledge,
    Access.service('the tasks service records the acknowledgements its users completed'),
  )
  acknowledge(@Input() input: RequestPayload<typeof DocumentsRequests.acknowledge>): Promise<Receipt> {
    return this.documents.acknowledge(input);
  }
}
