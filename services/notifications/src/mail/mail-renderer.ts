import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { MailTemplate } from '@orbita/contracts';
import { MailRenderError } from './mail.errors';
import type { MailLocale, MailTemplateSource } from './templates/mail-template-source';
import { mailTemplates } from './templates/mail-templates';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type CompiledMail = Record<keyof MailTemplateSource, Handlebars.TemplateDelegate>;

/**
 * Writes the e-mails from their handlebars templates, compiled once at start. Params are HTML-escaped
 * in the HTML body. Strict: a param the template uses that is missing (or blank) fails the
 * rendering, so a broken e-mail is never sent.
 */
@Injectable()
export class MailRenderer {
  private readonly compiled: Record<MailTemplate, Record<MailLocale, CompiledMail>>;

  constructor() {
    const environments: Record<MailLocale, typeof Handlebars> = {
      ru: environment('ru'),
      en: environment('en'),
    };
    const compile = (locale: MailLocale, source: MailTemplateSource): CompiledMail => {
      const hb = environments[locale];
      return {
        subject: hb.compile(source.subject, { strict: true, noEscape: true }),
        html: hb.compile(source.html, { strict: true }),
        text: hb.compile(source.text, { strict: true, noEscape: true }),
      };
    };
    const entries = Object.entries(mailTemplates) as [MailTemplate, Record<MailLocale, MailTemplateSource>][];
    this.compiled = Object.fromEntries(
      entries.map(([template, sources]) => [
        template,
        { ru: compile('ru', sources.ru), en: compile('en', sources.en) },
      ]),
    ) as Record<MailTemplate, Record<MailLocale, CompiledMail>>;
  }

  render(template: MailTemplate, locale: MailLocale, params: Record<string, string>): RenderedMail {
    const compiled = this.compiled[template][locale];
    // A blank value counts as missing: strict mode then refuses it wherever the template uses it.
    const context = Object.fromEntries(Object.entries(params).filter(([, value]) => value.trim() !== ''));
    try {
      return {
        // A header: one line, whatever the params hold.
        subject: compiled.subject(context).replace(/\s+/g, ' ').trim(),
        html: compiled.html(context),
        text: compiled.text(context),
      };
    } catch (err) {
      throw new MailRenderError(
        `Cannot write the "${template}" e-mail (${locale}): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}

/** A handlebars instance of its own per language, with the helpers the templates use. */
function environment(locale: MailLocale): typeof Handlebars {
  const hb = Handlebars.create();
  const dates = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  // Strict mode does not check helper arguments, so the helpers refuse a missing one themselves.
  hb.registerHelper('url', (value: unknown) => {
    const url = typeof value === 'string' ? URL.parse(value) : null;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new Error(`{{url}} needs an http(s) URL, got ${describe(value)}`);
    }
    return value;
  });
  hb.registerHelper('date', (value: unknown) => {
    if (typeof value !== 'string') {
      throw new Error(`{{date}} needs a date, got ${describe(value)}`);
    }
    // An ISO 8601 moment is written out in the language; anything else is shown as it was given.
    const moment = /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
    return moment && !Number.isNaN(moment.getTime()) ? `${dates.format(moment)} (UTC)` : value;
  });
  return hb;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
