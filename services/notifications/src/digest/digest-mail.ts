import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { RenderedMail } from '../mail/mail-renderer';
import { htmlButton, htmlLayout } from '../mail/templates/html-layout';
import type { MailLocale } from '../mail/templates/mail-template-source';

export interface DigestMailParams {
  displayName: string;
  unread: number;
  /** The newest unread ones: the object's title and its absolute link. */
  items: { title: string; link: string }[];
  /** The inbox in the web app. */
  inboxLink: string;
}

interface Sources {
  subject: string;
  item: string;
  html: string;
  text: string;
}

const SOURCES: Record<MailLocale, Sources> = {
  ru: {
    subject: 'Непрочитанные уведомления в Orbita: {{unread}}',
    item: '<li style="margin:0 0 8px;"><a href="{{url link}}" style="color:#1d4ed8;">{{title}}</a></li>',
    html: htmlLayout({
      lang: 'ru',
      title: 'Непрочитанные уведомления',
      body: `<p style="margin:0 0 16px;">Здравствуйте, {{displayName}}!</p>
<p style="margin:0 0 16px;">Непрочитанных уведомлений: {{unread}}. Последние из них:</p>
<ul style="margin:0 0 16px;padding-left:20px;">{{#each items}}{{> item}}{{/each}}</ul>
${htmlButton('inboxLink', 'Открыть уведомления', 'Если кнопка не работает, скопируйте ссылку в адресную строку браузера:')}`,
      footer: 'Сводка приходит раз в день. Отключить её можно в настройках уведомлений.',
    }),
    text: `Здравствуйте, {{displayName}}!

Непрочитанных уведомлений: {{unread}}. Последние из них:
{{#each items}}
- {{title}}
  {{url link}}
{{/each}}

Открыть уведомления:
{{url inboxLink}}

--
Orbita
Сводка приходит раз в день. Отключить её можно в настройках уведомлений.
`,
  },
  en: {
    subject: 'Unread notifications in Orbita: {{unread}}',
    item: '<li style="margin:0 0 8px;"><a href="{{url link}}" style="color:#1d4ed8;">{{title}}</a></li>',
    html: htmlLayout({
      lang: 'en',
      title: 'Unread notifications',
      body: `<p style="margin:0 0 16px;">Hello {{displayName}},</p>
<p style="margin:0 0 16px;">You have {{unread}} unread notifications. The latest:</p>
<ul style="margin:0 0 16px;padding-left:20px;">{{#each items}}{{> item}}{{/each}}</ul>
${htmlButton('inboxLink', 'Open your notifications', "If the button doesn't work, copy this link into your browser:")}`,
      footer: 'This summary comes once a day. You can turn it off in your notification settings.',
    }),
    text: `Hello {{displayName}},

You have {{unread}} unread notifications. The latest:
{{#each items}}
- {{title}}
  {{url link}}
{{/each}}

Open your notifications:
{{url inboxLink}}

--
Orbita
This summary comes once a day. You can turn it off in your notification settings.
`,
  },
};

type Compiled = Record<'subject' | 'html' | 'text', Handlebars.TemplateDelegate>;

/** Writes the daily digest from handlebars sources (the shared layout, an item partial), HTML and text. */
@Injectable()
export class DigestMailRenderer {
  private readonly compiled: Record<MailLocale, Compiled> = {
    ru: compile(SOURCES.ru),
    en: compile(SOURCES.en),
  };

  render(locale: MailLocale, params: DigestMailParams): RenderedMail {
    const compiled = this.compiled[locale];
    const context = { ...params, unread: String(params.unread) };
    return {
      subject: compiled.subject(context).replace(/\s+/g, ' ').trim(),
      html: compiled.html(context),
      text: compiled.text(context),
    };
  }
}

function compile(sources: Sources): Compiled {
  const hb = Handlebars.create();
  hb.registerHelper('url', (value: unknown) => {
    const url = typeof value === 'string' ? URL.parse(value) : null;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new Error(`{{url}} needs an http(s) URL, got ${String(value)}`);
    }
    return value;
  });
  hb.registerPartial('item', sources.item);
  return {
    subject: hb.compile(sources.subject, { strict: true, noEscape: true }),
    html: hb.compile(sources.html, { strict: true }),
    text: hb.compile(sources.text, { strict: true, noEscape: true }),
  };
}
