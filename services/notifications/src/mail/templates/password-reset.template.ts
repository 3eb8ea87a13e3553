import { htmlButton, htmlLayout } from './html-layout';
import type { LocalizedMailTemplate } from './mail-template-source';

/** Params: link, displayName, expiresAt. */
export const passwordResetTemplate: LocalizedMailTemplate = {
  ru: {
    subject: 'Восстановление пароля в Orbita',
    html: htmlLayout({
      lang: 'ru',
      title: 'Восстановление пароля в Orbita',
      body: `<p style="margin:0 0 16px;">Здравствуйте, {{displayName}}!</p>
<p style="margin:0 0 16px;">Мы получили запрос на восстановление пароля к вашей учётной записи в Orbita.</p>
<p style="margin:0;">Чтобы задать новый пароль, нажмите на кнопку:</p>
${htmlButton('link', 'Задать новый пароль', 'Если кнопка не работает, скопируйте ссылку в адресную строку браузера:')}
<p style="margin:0 0 16px;">Ссылка одноразовая и действует до {{date expiresAt}}.</p>
<p style="margin:0;">Если вы не запрашивали восстановление пароля, просто проигнорируйте это письмо — ваш пароль не изменится.</p>`,
      footer: 'Письмо отправлено автоматически, отвечать на него не нужно.',
    }),
    text: `Здравствуйте, {{displayName}}!

Мы получили запрос на восстановление пароля к вашей учётной записи в Orbita.

Чтобы задать новый пароль, перейдите по ссылке:
{{url link}}

Ссылка одноразовая и действует до {{date expiresAt}}.

Если вы не запрашивали восстановление пароля, просто проигнорируйте это письмо — ваш пароль не изменится.

--
Orbita
Письмо отправлено автоматически, отвечать на него не нужно.
`,
  },
  en: {
    subject: 'Reset your Orbita password',
    html: htmlLayout({
      lang: 'en',
      title: 'Reset your Orbita password',
      body: `<p style="margin:0 0 16px;">Hello {{displayName}},</p>
<p style="margin:0 0 16px;">We received a request to reset the password of your Orbita account.</p>
<p style="margin:0;">To choose a new password, use the button below:</p>
${htmlButton('link', 'Choose a new password', "If the button doesn't work, copy this link into your browser:")}
<p style="margin:0 0 16px;">The link works once and is valid until {{date expiresAt}}.</p>
<p style="margin:0;">If you didn't ask to reset your password, just ignore this e-mail: your password will stay the same.</p>`,
      footer: 'This message was sent automatically; there is no need to reply.',
    }),
    text: `Hello {{displayName}},

We received a request to reset the password of your Orbita account.

To choose a new password, open this link:
{{url link}}

The link works once and is valid until {{date expiresAt}}.

If you didn't ask to reset your password, just ignore this e-mail: your password will stay the same.

--
Orbita
This message was sent automatically; there is no need to reply.
`,
  },
};
