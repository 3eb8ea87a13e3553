import { MailRenderError } from './mail.errors';
import { MailRenderer } from './mail-renderer';

const renderer = new MailRenderer();

const link = 'https://orbita.example/invite/accept?token=AbC-123_xyz&lang=ru';
const invitation = {
  link,
  displayName: 'Анна Петрова',
  orgName: 'ООО «Экотранс»',
  inviterName: 'Иван Сидоров',
  expiresAt: '2026-03-12T14:30:00.000Z',
};
const reset = { link, displayName: 'Anna Petrova', expiresAt: '2026-03-12T14:30:00.000Z' };

function withoutParam(params: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));
}

describe('MailRenderer', () => {
  it.each([
    [
      'ru',
      'Приглашение в ООО «Экотранс» на платформе Orbita',
      'Здравствуйте, Анна Петрова!',
      '12 марта 2026 г. в 14:30 (UTC)',
    ],
    [
      'en',
      "You're invited to join ООО «Экотранс» on Orbita",
      'Hello Анна Петрова,',
      '12 March 2026 at 14:30 (UTC)',
    ],
  ] as const)('writes the invitation in %s', (locale, subject, greeting, expiry) => {
    const mail = renderer.render('invitation', locale, invitation);

    expect(mail.subject).toBe(subject);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(greeting);
      expect(body).toContain('Иван Сидоров');
      expect(body).toContain(expiry);
    }
    // The plain text carries the link as it is; the HTML escapes it, as HTML must.
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.text).toContain('ООО «Экотранс»');
    expect(mail.html).toContain(`href="${link.replace('&', '&amp;').replaceAll('=', '&#x3D;')}"`);
    expect(mail.html).toContain(`<html lang="${locale}">`);
  });

  it.each([
    ['ru', 'Восстановление пароля в Orbita', 'Здравствуйте, Anna Petrova!', 'ваш пароль не изменится'],
    ['en', 'Reset your Orbita password', 'Hello Anna Petrova,', 'your password will stay the same'],
  ] as const)('writes the password reset in %s', (locale, subject, greeting, reassurance) => {
    const mail = renderer.render('password-reset', locale, reset);

    expect(mail.subject).toBe(subject);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(greeting);
      expect(body).toContain(reassurance);
    }
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.html).toContain(
      'href="https://orbita.example/invite/accept?token&#x3D;AbC-123_xyz&amp;lang&#x3D;ru"',
    );
  });

  it.each([
    [
      'ru',
      'Иван Сидоров приглашает вас в ООО «Экотранс» на платформе Orbita',
      'Здравствуйте, Анна Петрова!',
      'У этого адреса уже есть учётная запись в Orbita',
    ],
    [
      'en',
      'Иван Сидоров invited you to join ООО «Экотранс» on Orbita',
      'Hello Анна Петрова,',
      'This address already has an Orbita account',
    ],
  ] as const)(
    'tells the owner of an account in %s who invited the address to which org, without a link to accept',
    (locale, subject, greeting, already) => {
      const loginLink = 'https://orbita.example/login';
      const mail = renderer.render('invitation-existing-account', locale, {
        displayName: 'Анна Петрова',
        inviterName: 'Иван Сидоров',
        orgName: 'ООО «Экотранс»',
        loginLink,
      });

      expect(mail.subject).toBe(subject);
      for (const body of [mail.text, mail.html]) {
        expect(body).toContain(greeting);
        expect(body).toContain('Иван Сидоров');
        expect(body).toContain(already);
        expect(body).not.toContain('token');
      }
      expect(mail.text).toContain(`\n${loginLink}\n`);
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(() =>
        renderer.render('invitation-existing-account', locale, {
          displayName: 'Анна Петрова',
          orgName: 'ООО «Экотранс»',
          loginLink,
        }),
      ).toThrow(MailRenderError);
    },
  );

  it('escapes params in the HTML body, and only there', () => {
    const mail = renderer.render('invitation', 'en', {
      ...invitation,
      displayName: '<script>alert("x")</script>',
      orgName: 'Smith & Sons <b>',
    });

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('Smith &amp; Sons &lt;b&gt;');
    expect(mail.text).toContain('Hello <script>alert("x")</script>,');
    expect(mail.subject).toBe("You're invited to join Smith & Sons <b> on Orbita");
  });

  it('keeps the subject on one line whatever a param holds', () => {
    const mail = renderer.render('invitation', 'en', {
      ...invitation,
      orgName: 'Acme\r\nBcc: victim@example.com',
    });

    expect(mail.subject).toBe("You're invited to join Acme Bcc: victim@example.com on Orbita");
  });

  it.each(['link', 'displayName', 'orgName', 'inviterName', 'expiresAt'] as const)(
    'refuses to write the invitation without %s',
    (param) => {
      const params = withoutParam(invitation, param);

      expect(() => renderer.render('invitation', 'ru', params)).toThrow(MailRenderError);
      expect(() => renderer.render('invitation', 'en', { ...invitation, [param]: '  ' })).toThrow(
        /Cannot write the "invitation" e-mail \(en\)/,
      );
    },
  );

  it.each(['link', 'displayName', 'expiresAt'] as const)(
    'refuses to write the password reset without %s',
    (param) => {
      const params = withoutParam(reset, param);

      expect(() => renderer.render('password-reset', 'en', params)).toThrow(MailRenderError);
    },
  );

  it('names the missing param', () => {
    expect(() => renderer.render('invitation', 'en', withoutParam(invitation, 'inviterName'))).toThrow(
      /"inviterName" not defined/,
    );
  });

  it.each(['javascript:alert(1)', 'not a url', '/relative/path'])('refuses the link %p', (badLink) => {
    expect(() => renderer.render('password-reset', 'ru', { ...reset, link: badLink })).toThrow(
      /needs an http\(s\) URL/,
    );
  });

  it('ignores params the template does not use', () => {
    expect(renderer.render('password-reset', 'en', { ...reset, orgName: 'unused' }).subject).toBe(
      'Reset your Orbita password',
    );
  });

  it('shows an expiry that is not an ISO moment as it was given', () => {
    const mail = renderer.render('password-reset', 'en', { ...reset, expiresAt: 'in 24 hours' });

    expect(mail.text).toContain('valid until in 24 hours.');
  });

  it('does not read params through the prototype', () => {
    const params = Object.create({ displayName: 'inherited' }) as Record<string, string>;
    Object.assign(params, { link, expiresAt: reset.expiresAt });

    expect(() => renderer.render('password-reset', 'en', params)).toThrow(MailRenderError);
  });
});
