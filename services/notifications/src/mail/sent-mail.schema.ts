import { Schema } from 'mongoose';
import type { MailTemplate } from '@orbita/contracts';
import type { MailLocale } from './templates/mail-template-source';

/**
 * `sending`: claimed, the SMTP conversation may have happened (a crash here leaves it so, and it is
 * never sent again); `sent`: the server took it; `failed`: the server did not, a redelivery may try again.
 */
export type SentMailStatus = 'sending' | 'sent' | 'failed';

/** One record per mail-requested event: what makes sending idempotent. No link or params (secrets). */
export interface SentMailDocument {
  /** The id of the event that asked for the e-mail. */
  _id: string;
  status: SentMailStatus;
  orgId: string;
  template: MailTemplate;
  locale: MailLocale;
  /** Only the domain, like the logs: the address itself is not kept here. */
  recipientDomain: string;
  /** SMTP attempts so far. */
  attempts: number;
  /** The Message-ID the e-mail went out with, once sent. */
  messageId?: string;
  /** Why the last attempt failed (recipient address masked). */
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
}

export const SentMailSchema = new Schema<SentMailDocument>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: ['sending', 'sent', 'failed'] },
    orgId: { type: String, required: true },
    template: { type: String, required: true },
    locale: { type: String, required: true },
    recipientDomain: { type: String, required: true },
    attempts: { type: Number, required: true },
    messageId: { type: String },
    lastError: { type: String },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: { type: Date },
  },
  { collection: 'sent_mails', versionKey: false },
);

// No secondary index: every query is by _id (the event id), which the primary key serves, including
// the claim of a failed record, updateOne({ _id, status: 'failed' }). A duplicate insert of the same
// _id (E11000) is how a redelivered event is recognised.
