import { Injectable } from '@nestjs/common';
import type { ReceiptBundle, ReceiptKind } from '@orbita/contracts';
import { PdfRenderer, TemplatePack } from '../rendering';

const KIND_LABELS: Record<ReceiptKind, string> = {
  published: 'Предоставление документа контрагенту',
  viewed: 'Получение документа (первое открытие)',
  downloaded: 'Получение документа (скачивание)',
  acknowledged: 'Ознакомление с документом',
};

/** A receipt as a one-page PDF for people: what the signed JSON says, and how to verify it. */
@Injectable()
export class ReceiptPdf {
  constructor(
    private readonly templates: TemplatePack,
    private readonly renderer: PdfRenderer,
  ) {}

  async render(bundle: ReceiptBundle, version: { fileName: string; size: number } | null): Promise<Buffer> {
    const receipt = bundle.chain.at(-1);
    if (!receipt) {
      throw new Error('A receipt bundle without receipts');
    }
    const data = {
      receiptId: receipt.id,
      receiptFile: `receipt-${receipt.id}.json`,
      document: {
        title: bundle.document.title,
        ...(bundle.document.number ? { number: bundle.document.number } : {}),
        version: receipt.version,
        ...(version ? { fileName: version.fileName, sizeBytes: version.size } : {}),
        sha256: receipt.sha256,
      },
      event: { kind: `document.${receipt.kind}`, label: KIND_LABELS[receipt.kind] },
      who: { name: receipt.actor.name },
      at: receipt.at,
      ...(receipt.seq > 1 ? { previousReceiptHash: receipt.prevHash } : {}),
      receiptHash: receipt.hash,
      signature: { algorithm: 'Ed25519', value: receipt.signature, keyFingerprint: receipt.keyId },
    };
    const html = this.templates.renderHtml('receipt', data, {
      number: String(receipt.seq),
      date: new Date(receipt.at),
      owner: { name: bundle.document.title },
    });
    return this.renderer.render(html);
  }
}
