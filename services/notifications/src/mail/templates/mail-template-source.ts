import type { MailRequestedData } from '@orbita/contracts';

export type MailLocale = MailRequestedData['locale'];

/**
 * Handlebars sources of one e-mail in one language. Params are plain strings; HTML-escaped in
 * `html`, left as they are in `subject` and `text`. Helpers: `{{url x}}` (an http(s) URL, refused
 * otherwise) and `{{date x}}` (an ISO 8601 moment, written out in the language).
 */
export interface MailTemplateSource {
  subject: string;
  html: string;
  text: string;
}

export type LocalizedMailTemplate = Record<MailLocale, MailTemplateSource>;
