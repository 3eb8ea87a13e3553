import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { NotificationKind } from '@orbita/contracts';
import { NotificationKind as Kinds } from '@orbita/contracts';
import type { RenderedMail } from '../mail/mail-renderer';
import { htmlButton, htmlLayout } from '../mail/templates/html-layout';
import type { MailLocale } from '../mail/templates/mail-template-source';

/** What a notification e-mail says, in the recipient's language. */
export interface NotificationMailParams {
  kind: NotificationKind;
  displayName: string;
  /** The object's title. */
  title: string;
  /** The notification's own message in the recipient's language, when it has one. */
  message: string | null;
  /** The absolute link to the object in the web app. */
  link: string;
}

/** How each kind is named in a subject line and an e-mail's first sentence. */
const KIND_LABELS: Record<NotificationKind, Record<MailLocale, string>> = {
  [Kinds.TaskAssigned]: { ru: 'Вам назначена задача', en: 'A task was assigned to you' },
  [Kinds.TaskReassigned]: { ru: 'Вам передана задача', en: 'A task was handed over to you' },
  [Kinds.StepAssigned]: { ru: 'Шаг заявки ждёт вас', en: 'A step of a request is yours' },
  [Kinds.StepClaimable]: { ru: 'У вашей группы новая задача', en: 'Your group has a task to claim' },
  [Kinds.AcknowledgementRequested]: {
    ru: 'Ознакомьтесь с документом',
    en: 'A document is waiting for your acknowledgement',
  },
  [Kinds.AcknowledgementReminder]: {
    ru: 'Напоминание: ознакомьтесь с документом',
    en: 'Reminder: a document is waiting for your acknowledgement',
  },
  [Kinds.StepReminder]: { ru: 'Скоро срок шага заявки', en: 'A step you hold is due soon' },
  [Kinds.StepEscalated]: { ru: 'Просрочен шаг заявки', en: 'A step is overdue and escalated to you' },
  [Kinds.CommentMention]: { ru: 'Вас упомянули в обсуждении', en: 'You were mentioned in a discussion' },
  [Kinds.CommentAdded]: { ru: 'Новый комментарий по заявке', en: 'A new comment on a request' },
  [Kinds.RequestMessage]: { ru: 'Сообщение по заявке', en: 'A message about a request' },
  [Kinds.RequestAdvanced]: { ru: 'Ваша заявка продвинулась', en: 'Your request moved on' },
  [Kinds.RequestReturned]: { ru: 'Ваша заявка возвращена', en: 'Your request was returned' },
  [Kinds.RequestEnded]: { ru: 'Работа по вашей заявке завершена', en: 'Your request was closed' },
  [Kinds.DocumentPublished]: { ru: 'Опубликован документ', en: 'A document was published' },
  [Kinds.AccessChanged]: { ru: 'Изменились ваши права', en: 'What you may do has changed' },
};

interface Sources {
  subject: string;
  html: string;
  text: string;
}

/** The layout, with the notification itself as a partial (`{{> notification}}`) every language shares. */
const SOURCES: Record<MailLocale, Sources & { partialHtml: string; partialText: string }> = {
  ru: {
    subject: '{{label}}{{#if title}}: {{title}}{{/if}}',
    partialHtml: `<p style="margin:0 0 16px;">Здравствуйте, {{displayName}}!</p>
<p style="margin:0 0 8px;">{{label}}{{#if title}}:{{/if}}</p>
{{#if title}}<p style="margin:0 0 16px;font-size:17px;font-weight:bold;">{{title}}</p>{{/if}}
{{#if message}}<p style="margin:0 0 16px;white-space:pre-line;">{{message}}</p>{{/if}}`,
    partialText: `Здравствуйте, {{displayName}}!

{{label}}{{#if title}}:
{{title}}{{/if}}
{{#if message}}

{{message}}
{{/if}}`,
    html: htmlLayout({
      lang: 'ru',
      title: '{{label}}',
      body: `{{> notification}}
${htmlButton('link', 'Открыть в Orbita', 'Если кнопка не работает, скопируйте ссылку в адресную строку браузера:')}`,
      footer:
        'Письмо отправлено автоматически. Какие уведомления приходят на почту, можно выбрать в настройках профиля.',
    }),
    text: `{{> notification}}

Открыть в Orbita:
{{url link}}

--
Orbita
Письмо отправлено автоматически. Какие уведомления приходят на почту, можно выбрать в настройках профиля.
`,
  },
  en: {
    subject: '{{label}}{{#if title}}: {{title}}{{/if}}',
    partialHtml: `<p style="margin:0 0 16px;">Hello {{displayName}},</p>
<p style="margin:0 0 8px;">{{label}}{{#if title}}:{{/if}}</p>
{{#if title}}<p style="margin:0 0 16px;font-size:17px;font-weight:bold;">{{title}}</p>{{/if}}
{{#if message}}<p style="margin:0 0 16px;white-space:pre-line;">{{message}}</p>{{/if}}`,
    partialText: `Hello {{displayName}},

{{label}}{{#if title}}:
{{title}}{{/if}}
{{#if message}}

{{message}}
{{/if}}`,
    html: htmlLayout({
      lang: 'en',
      title: '{{label}}',
      body: `{{> notification}}
${htmlButton('link', 'Open in Orbita', "If the button doesn't work, copy this link into your browser:")}`,
      footer:
        'This message was sent automatically. You can choose which notifications reach you by e-mail in your profile settings.',
    }),
    text: `{{> notification}}

Open in Orbita:
{{url link}}

--
Orbita
This message was sent automatically. You can choose which notifications reach you by e-mail in your profile settings.
`,
  },
};

type Compiled = Record<keyof Sources, Handlebars.TemplateDelegate>;

/**
 * Writes a notification's e-mail from handlebars sources compiled once at start: a layout shared
 * with the other e-mails and the notification as a partial, in Russian or English, HTML and text.
 */
@Injectable()
export class NotificationMailRenderer {
  private readonly compiled: Record<MailLocale, Compiled>;

  constructor() {
    this.compiled = { ru: compile(SOURCES.ru), en: compile(SOURCES.en) };
  }

  render(locale: MailLocale, params: NotificationMailParams): RenderedMail {
    const compiled = this.compiled[locale];
    const context = {
      label: KIND_LABELS[params.kind][locale],
      displayName: params.displayName,
      title: params.title,
      message: params.message ?? '',
      link: params.link,
    };
    return {
      // A header: one line, whatever the title holds.
      subject: compiled.subject(context).replace(/\s+/g, ' ').trim(),
      html: compiled.html(context),
      text: compiled.text(context),
    };
  }
}

function compile(sources: Sources & { partialHtml: string; partialText: string }): Compiled {
  const html = Handlebars.create();
  const text = Handlebars.create();
  for (const hb of [html, text]) {
    hb.registerHelper('url', (value: unknown) => {
      const url = typeof value === 'string' ? URL.parse(value) : null;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw new Error(`{{url}} needs an http(s) URL, got ${String(value)}`);
      }
      return value;
    });
  }
  html.registerPartial('notification', sources.partialHtml);
  text.registerPartial('notification', sources.partialText);
  return {
    subject: text.compile(sources.subject, { strict: true, noEscape: true }),
    html: html.compile(sources.html, { strict: true }),
    text: text.compile(sources.text, { strict: true, noEscape: true }),
  };
}
