import { htmlButton, htmlLayout } from './html-layout';
import type { LocalizedMailTemplate } from './mail-template-source';

/**
 * To the owner of an account, when someone who may not know that the address has one invited it
 * (the inviter is answered as for a new address, so an invitation cannot tell them who has an
 * account). It carries no link to accept: the account stays as it is.
 * Params: displayName (the owner's), inviterName, orgName, loginLink.
 */
export const invitationExistingAccountTemplate: LocalizedMailTemplate = {
  ru: {
    subject: '{{inviterName}} приглашает вас в {{orgName}} на платформе Orbita',
    html: htmlLayout({
      lang: 'ru',
      title: '{{inviterName}} приглашает вас в {{orgName}} на платформе Orbita',
      body: `<p style="margin:0 0 16px;">Здравствуйте, {{displayName}}!</p>
<p style="margin:0 0 16px;"><strong>{{inviterName}}</strong> приглашает вас в <strong>{{orgName}}</strong> на платформе Orbita.</p>
<p style="margin:0 0 16px;">У этого адреса уже есть учётная запись в Orbita, поэтому новую мы не создавали и в вашей учётной записи ничего не изменилось. Входите как обычно:</p>
${htmlButton('loginLink', 'Войти в Orbita', 'Если кнопка не работает, скопируйте ссылку в адресную строку браузера:')}
<p style="margin:0 0 16px;">Если вы забыли пароль, восстановите его на странице входа.</p>
<p style="margin:0;">Учётная запись принадлежит одной организации; если вам нужно работать и с {{orgName}}, свяжитесь с пригласившим. Если вы не ждали этого приглашения, просто проигнорируйте письмо.</p>`,
      footer: 'Письмо отправлено автоматически, отвечать на него не нужно.',
    }),
    text: `Здравствуйте, {{displayName}}!

{{inviterName}} приглашает вас в {{orgName}} на платформе Orbita.

У этого адреса уже есть учётная запись в Orbita, поэтому новую мы не создавали и в вашей учётной записи ничего не изменилось. Входите как обычно:
{{url loginLink}}

Если вы забыли пароль, восстановите его на странице входа.

Учётная запись принадлежит одной организации; если вам нужно работать и с {{orgName}}, свяжитесь с пригласившим. Если вы не ждали этого приглашения, просто проигнорируйте письмо.

--
Orbita
Письмо отправлено автоматически, отвечать на него не нужно.
`,
  },
  en: {
    subject: '{{inviterName}} invited you to join {{orgName}} on Orbita',
    html: htmlLayout({
      lang: 'en',
      title: '{{inviterName}} invited you to join {{orgName}} on Orbita',
      body: `<p style="margin:0 0 16px;">Hello {{displayName}},</p>
<p style="margin:0 0 16px;"><strong>{{inviterName}}</strong> has invited you to join <strong>{{orgName}}</strong> on Orbita.</p>
<p style="margin:0 0 16px;">This address already has an Orbita account, so no new one was created and nothing about your account has changed. Log in as usual:</p>
${htmlButton('loginLink', 'Log in to Orbita', "If the button doesn't work, copy this link into your browser:")}
<p style="margin:0 0 16px;">If you forgot your password, you can reset it on the login page.</p>
<p style="margin:0;">An account belongs to one organisation; if you need to work with {{orgName}} too, get in touch with whoever invited you. If you weren't expecting this invitation, you can safely ignore this e-mail.</p>`,
      footer: 'This message was sent automatically; there is no need to reply.',
    }),
    text: `Hello {{displayName}},

{{inviterName}} has invited you to join {{orgName}} on Orbita.

This address already has an Orbita account, so no new one was created and nothing about your account has changed. Log in as usual:
{{url loginLink}}

If you forgot your password, you can reset it on the login page.

An account belongs to one organisation; if you need to work with {{orgName}} too, get in touch with whoever invited you. If you weren't expecting this invitation, you can safely ignore this e-mail.

--
Orbita
This message was sent automatically; there is no need to reply.
`,
  },
};
