import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '@orbita/platform';
import type { SentMailDocument } from './sent-mail.schema';
import { SentMailSchema } from './sent-mail.schema';

const DUPLICATE_KEY = 11000;

export type NewSentMail = Pick<SentMailDocument, '_id' | 'orgId' | 'template' | 'locale' | 'recipientDomain'>;

/** Whether this delivery of the event may send the e-mail, and if not, why. */
export type SendClaim = { claimed: true; attempt: number } | { claimed: false; status: 'sending' | 'sent' };

/**
 * The record of each mail-requested event, keyed by the event id. Only the mail consumer reads it,
 * by that id; no API lists it, so it has no tenant-scoped queries (the org is kept for the record).
 */
@Injectable()
export class SentMailRepository implements OnModuleInit {
  private readonly model: Model<SentMailDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.model = connection.model<SentMailDocument>('SentMail', SentMailSchema);
  }

  async onModuleInit(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Takes the event's e-mail for sending: the first delivery inserts the record, a later one takes
   * it over only from `failed`, atomically, so two deliveries never both send.
   */
  async claim(mail: NewSentMail, now: Date): Promise<SendClaim> {
    try {
      await this.model.create({ ...mail, status: 'sending', attempts: 1, createdAt: now, updatedAt: now });
      return { claimed: true, attempt: 1 };
    } catch (err) {
      if ((err as { code?: number }).code !== DUPLICATE_KEY) {
        throw err;
      }
    }
    const retried = await this.model
      .findOneAndUpdate(
        { _id: mail._id, status: 'failed' },
        { $set: { status: 'sending', updatedAt: now }, $inc: { attempts: 1 } },
        { returnDocument: 'after' },
      )
      .lean<SentMailDocument>();
    if (retried) {
      return { claimed: true, attempt: retried.attempts };
    }
    const existing = await this.model.findById(mail._id).lean<SentMailDocument>();
    if (!existing || existing.status === 'failed') {
      // Changed between the two reads (another delivery failed just now): let the event come again.
      throw new Error(`The e-mail record of event ${mail._id} changed while being claimed`);
    }
    return { claimed: false, status: existing.status };
  }

  async markSent(eventId: string, messageId: string, now: Date): Promise<void> {
    await this.model.updateOne(
      { _id: eventId, status: 'sending' },
      { $set: { status: 'sent', messageId, sentAt: now, updatedAt: now }, $unset: { lastError: 1 } },
    );
  }

  async markFailed(eventId: string, reason: string, now: Date): Promise<void> {
    await this.model.updateOne(
      { _id: eventId, status: 'sending' },
      { $set: { status: 'failed', lastError: reason, updatedAt: now } },
    );
  }
}
