import type { MailRequestedData, SealedMail } from '@orbita/contracts';
import { MailMessages, MailRequestedDataSchema } from '@orbita/contracts';
import { openJson, sealJson, sealingKey } from './sealed-json';

const CONTEXT = MailMessages.mailRequested.type;

/** A mail request as it goes into the MAIL stream: readable only with MAIL_SEALING_KEY. */
export function sealMailRequest(data: MailRequestedData, secret: string): SealedMail {
  const checked = MailRequestedDataSchema.parse(data);
  return { sealed: sealJson(checked, sealingKey(secret, CONTEXT), CONTEXT) };
}

/** The mail request inside; throws when it was sealed with another key or altered. */
export function openMailRequest(mail: SealedMail, secret: string): MailRequestedData {
  return MailRequestedDataSchema.parse(openJson(mail.sealed, sealingKey(secret, CONTEXT), CONTEXT));
}
