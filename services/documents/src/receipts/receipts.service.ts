import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, Receipt, ReceiptBundle, ReceiptKind } from '@orbita/contracts';
import { DocumentsEvents } from '@orbita/contracts';
import type { Clock, IdGenerator } from '@orbita/platform';
import { AppError, CLOCK, EventFactory, GENESIS_HASH, ID_GENERATOR } from '@orbita/platform';
import type { DocumentRecord } from '../documents/document.schema';
import { Directory } from '../directory/directory';
import { KeyedQueue } from '../documents/keyed-queue';
import { ReceiptRepository } from './receipt.repository';
import type { ReceiptRecord } from './receipt.schema';
import { ReceiptSigner } from './receipt-signer';

export interface ReceiptActor {
  userId: string;
  orgId: string;
}

/**
 * The receipts of a document: append-only, each signed and carrying the hash of the one before it
 * (a hash chain per document), one per kind, version and person. Appends to one document are
 * queued in this process; another instance appending at the same place loses on the unique
 * (document, seq) index and appends after it.
 */
@Injectable()
export class ReceiptsService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly receipts: ReceiptRepository,
    private readonly signer: ReceiptSigner,
    private readonly directory: Directory,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  /** Records the fact once; a repeated one answers the receipt already recorded. */
  async record(
    document: DocumentRecord,
    kind: ReceiptKind,
    version: number,
    actor: ReceiptActor,
  ): Promise<Receipt> {
    const stated = document.versions.find((v) => v.version === version);
    if (!stated) {
      throw AppError.notFound('version');
    }
    const onceKey = `${document._id}:${kind}:${version}:${actor.userId}`;
    return this.queue.run(document._id, async () => {
      let name: string | null = null;
      for (;;) {
        const existing = await this.receipts.byOnceKey(onceKey);
        if (existing) {
          return toReceipt(existing);
        }
        name ??= (await this.directory.person(actor.userId))?.name ?? actor.userId;
        const last = await this.receipts.last(document._id);
        const receipt = this.signer.sign({
          format: 'orbita-receipt/1',
          id: this.ids.newId(),
          documentId: document._id,
          seq: (last?.seq ?? 0) + 1,
          kind,
          version,
          sha256: stated.sha256,
          actor: { userId: actor.userId, orgId: actor.orgId, name },
          at: this.clock.now().toISOString(),
          prevHash: last?.hash ?? GENESIS_HASH,
          keyId: this.signer.publicKey.keyId,
        });
        const events: EventEnvelope[] =
          kind === 'published'
            ? []
            : [
                this.events.create(DocumentsEvents.received, {
                  orgId: document.orgId,
                  subject: { type: 'document', id: document._id },
                  data: {
                    documentId: document._id,
                    type: document.type,
                    title: document.title,
                    number: document.number,
                    counterpartyOrgId: document.counterpartyOrgId,
                    processInstanceId: document.processInstanceId,
                    version,
                    sha256: stated.sha256,
                    kind,
                    userId: actor.userId,
                    receiptId: receipt.id,
                  },
                }),
              ];
        if (await this.receipts.append({ ...receipt, _id: receipt.id, onceKey }, events)) {
          return receipt;
        }
        // Someone else appended meanwhile (another instance): read the chain's end again.
      }
    });
  }

  async list(document: DocumentRecord): Promise<Receipt[]> {
    return (await this.receipts.chain(document._id)).map(toReceipt);
  }

  /** The receipt with the chain up to it and the public key: everything needed to verify offline. */
  async bundle(document: DocumentRecord, receiptId: string): Promise<ReceiptBundle> {
    const receipt = await this.receipts.byId(document._id, receiptId);
    if (!receipt) {
      throw AppError.notFound('receipt');
    }
    const chain = await this.receipts.chain(document._id, receipt.seq);
    return {
      format: 'orbita-receipt-bundle/1',
      document: {
        id: document._id,
        title: document.title,
        number: document.number,
        orgId: document.orgId,
        counterpartyOrgId: document.counterpartyOrgId,
      },
      receiptId,
      chain: chain.map(toReceipt),
      publicKey: this.signer.publicKey,
    };
  }
}

function toReceipt(record: ReceiptRecord): Receipt {
  return {
    format: 'orbita-receipt/1',
    id: record._id,
    documentId: record.documentId,
    seq: record.seq,
    kind: record.kind,
    version: record.version,
    sha256: record.sha256,
    actor: { userId: record.actor.userId, orgId: record.actor.orgId, name: record.actor.name },
    at: record.at,
    prevHash: record.prevHash,
    keyId: record.keyId,
    hash: record.hash,
    signature: record.signature,
  };
}
