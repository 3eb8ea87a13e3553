/** An e-mail could not be written: a param the template needs is missing or invalid, or the address is. */
export class MailRenderError extends Error {
  override readonly name = 'MailRenderError';
}

/** The SMTP server did not take the e-mail; the event is handled again later. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';
}
