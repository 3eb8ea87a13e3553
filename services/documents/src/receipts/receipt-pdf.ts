import { Injectable } from '@nestjs/common';
import type { ReceiptBundle } from '@orbita/contracts';
import { PdfRenderer, TemplatePack } from '../rendering';

const KIND_NAMES = {
  published: 'Документ опубликован (предоставлен контрагенту)',
  viewed: 'Документ открыт (просмотрен) контрагентом',
  downloaded: 'Документ скачан контрагентом',
  acknowledged: 'С документом ознакомлен',
} as const;

/** A receipt as a one-page PDF for people: what the signed JSON says, and how to verify it. */
@Injectable()
export class ReceiptPdf {
  constructor(
    private readonly templates: TemplatePack,
    private readonly renderer: PdfRenderer,
  ) {}

  async render(bundle: ReceiptBundle): Promise<Buffer> {
    const receipt = bundle.chain.at(-1);
    if (!receipt) {
      throw new Error('A receipt bundle without receipts');
    }
    const data = {
      document: {
        title: bundle.document.title,
        number: bundle.document.number ?? '',
        id: bundle.document.id,
      },
      receipt: {
        id: receipt.id,
        seq: receipt.seq,
        kind: receipt.kind,
        kindName: KIND_NAMES[receipt.kind],
        version: receipt.version,
        sha256: receipt.sha256,
        actorName: receipt.actor.name,
        actorId: receipt.actor.userId,
        at: receipt.at,
        prevHash: receipt.prevHash,
        hash: receipt.hash,
        signature: receipt.signature,
      },
      key: { keyId: bundle.publicKey.keyId, algorithm: bundle.publicKey.algorithm },
      verifyCommand: 'npm run verify-receipt -- receipt.json',
    };
    const html = this.templates.renderHtml('receipt', data, {
      number: String(receipt.seq),
      date: new Date(receipt.at),
      owner: { name: bundle.document.title },
    });
    return this.renderer.render(html);
  }
}
