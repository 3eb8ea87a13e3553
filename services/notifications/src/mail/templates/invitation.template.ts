import { htmlButton, htmlLayout } from './html-layout';
import type { LocalizedMailTemplate } from './mail-template-source';

/** Params: link, displayName, orgName, inviterName, expiresAt. */
export const invitationTemplate: LocalizedMailTemplate = {
  ru: {
    subject: 'Приглашение в {{orgName}} на платформе Orbita',
    html: htmlLayout({
      lang: 'ru',
      title: 'Приглашение в {{orgName}} на платформе Orbita',
      body: `<p style="margin:0 0 16px;">Здравствуйте, {{displayName}}!</p>
<p style="margin:0 0 16px;"><strong>{{inviterName}}</strong> приглашает вас в <strong>{{orgName}}</strong> на платформе Orbita. Здесь вместе с коллегами, клиентами и партнёрами ведут заявки, задачи и документы.</p>
<p style="margin:0;">Чтобы принять приглашение и задать пароль, нажмите на кнопку:</p>
${htmlButton('link', 'Принять приглашение', 'Если кнопка не работает, скопируйте ссылку в адресную строку браузера:')}
<p style="margin:0 0 16px;">Ссылка одноразовая и действует до {{date expiresAt}}.</p>
<p style="margin:0;">Если вы не ждали этого приглашения, просто проигнорируйте письмо.</p>`,
      footer: 'Письмо отправлено автоматически, отвечать на него не нужно.',
    }),
    text: `Здравствуйте, {{displayName}}!

{{inviterName}} приглашает вас в {{orgName}} на платформе Orbita. Здесь вместе с коллегами, клиентами и партнёрами ведут заявки, задачи и документы.

Чтобы принять приглашение и задать пароль, перейдите по ссылке:
{{url link}}

Ссылка одноразовая и действует до {{date expiresAt}}.

Если вы не ждали этого приглашения, просто проигнорируйте письмо.

--
Orbita
Письмо отправлено автоматически, отвечать на него не нужно.
`,
  },
  en: {
    subject: "You're invited to join {{orgName}} on Orbita",
    html: htmlLayout({
      lang: 'en',
      title: "You're invited to join {{orgName}} on Orbita",
      body: `<p style="margin:0 0 16px;">Hello {{displayName}},</p>
<p style="margin:0 0 16px;"><strong>{{inviterName}}</strong> has invited you to join <strong>{{orgName}}</strong> on Orbita, where colleagues, clients and partners work on requests, tasks and documents together.</p>
<p style="margin:0;">To accept the invitation and set your password, use the button below:</p>
${htmlButton('link', 'Accept the invitation', "If the button doesn't work, copy this link into your browser:")}
<p style="margin:0 0 16px;">The link works once and is valid until {{date expiresAt}}.</p>
<p style="margin:0;">If you weren't expecting this invitation, you can safely ignore this e-mail.</p>`,
      footer: 'This message was sent automatically; there is no need to reply.',
    }),
    text: `Hello {{displayName}},

{{inviterName}} has invited you to join {{orgName}} on Orbita, where colleagues, clients and partners work on requests, tasks and documents together.

To accept the invitation and set your password, open this link:
{{url link}}

The link works once and is valid until {{date expiresAt}}.

If you weren't expecting this invitation, you can safely ignore this e-mail.

--
Orbita
This message was sent automatically; there is no need to reply.
`,
  },
};
