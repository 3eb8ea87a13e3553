import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO_CONNECTION, Repository, isDuplicateKey, systemScope } from '@orbita/platform';
import type { SentMailDocument } from './sent-mail.schema';
import { SentMailSchema } from './sent-mail.schema';

/** Only the mail consumer reads these, by the event's id; no API lists them. */
const DELIVERIES = systemScope("the mail consumer's own record of each delivery, by event id");

export type NewSentMail = Pick<SentMailDocument, '_id' | 'orgId' | 'template' | 'locale' | 'recipientDomain'>;

/** Whether this delivery of the event may send the e-mail, and if not, why. */
export type SendClaim = { claimed: true; attempt: number } | { claimed: false; status: 'sending' | 'sent' };

/**
 * The record of each mail-requested event, keyed by the event id. Only the mail consumer reads it,
 * by that id; no API lists it, so it has no tenant-scoped queries (the org is kept for the record).
 */
@Injectable()
export class SentMailRepository extends Repository<SentMailDocument> {
  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    super(connection, 'SentMail', SentMailSchema, { visibleTo: () => ({ _id: { $in: [] } }) });
  }

  /**
   * Takes the event's e-mail for sending: the first delivery inserts the record, a later one takes
   * it over only from `failed`, atomically, so two deliveries never both send.
   */
  async claim(mail: NewSentMail, now: Date): Promise<SendClaim> {
    try {
      await this.insert({
        ...mail,
        status: 'sending',
        attempts: 1,
        createdAt: now,
        updatedAt: now,
      });
      return { claimed: true, attempt: 1 };
    } catch (err) {
      if (!isDuplicateKey(err)) {
        throw err;
      }
    }
    const retried = await this.findOneAndUpdate(
      DELIVERIES,
      { _id: mail._id, status: 'failed' },
      { $set: { status: 'sending', updatedAt: now }, $inc: { attempts: 1 } },
    );
    if (retried) {
      return { claimed: true, attempt: retried.attempts };
    }
    const existing = await this.findOne(DELIVERIES, { _id: mail._id });
    if (!existing || existing.status === 'failed') {
      // Changed between the two reads (another delivery failed just now): let the event come again.
      throw new Error(`The e-mail record of event ${mail._id} changed while being claimed`);
    }
    return { claimed: false, status: existing.status };
  }

  async markSent(eventId: string, messageId: string, now: Date): Promise<void> {
    await this.updateOne(
      DELIVERIES,
      { _id: eventId, status: 'sending' },
      { $set: { status: 'sent', messageId, sentAt: now, updatedAt: now }, $unset: { lastError: 1 } },
    );
  }

  async markFailed(eventId: string, reason: string, now: Date): Promise<void> {
    await this.updateOne(
      DELIVERIES,
      { _id: eventId, status: 'sending' },
      { $set: { status: 'failed', lastError: reason, updatedAt: now } },
    );
  }
}
