import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { NatsConnection } from 'nats';
import type { EventEnvelope, MailRequestedData, SealedMail } from '@orbita/contracts';
import { MAIL_STREAM, MailMessages } from '@orbita/contracts';
import { ensureStream, sealMailRequest } from '@orbita/platform';
import { MailpitClient, TestSystem, eventually, firstLink, freePort } from '@orbita/testing';

/**
 * ARCHITECTURE §7: notifications sends the e-mail other services ask for (MAIL stream) over SMTP,
 * in Russian and English, and never twice for one event: not when the event comes again, not after
 * an SMTP outage, not after a crash in the middle of sending.
 */
describe('e-mail from notifications', () => {
  let system: TestSystem;
  let nc: NatsConnection | undefined;
  let db: mongoose.Connection | undefined;
  let mailpit: MailpitClient;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['notifications'] });
    nc = await system.connectNats();
    await ensureStream(await nc.jetstreamManager(), MAIL_STREAM);
    db = await mongoose
      .createConnection(system.infra.mongoUrl, { dbName: system.database('notifications') })
      .asPromise();
    mailpit = new MailpitClient(system.infra.mailApiUrl);
  });

  afterAll(async () => {
    await nc?.close();
    await db?.close();
  });

  /** An address no other test (of this file or another) sends to: Mailpit is shared. */
  function uniqueAddress(): string {
    return `${system.id}-${randomUUID().slice(0, 8)}@example.com`;
  }

  /** A mail request as identity sends it: sealed with the key the system shares with notifications. */
  function mailRequested(data: MailRequestedData): EventEnvelope<SealedMail> {
    return {
      id: randomUUID(),
      type: MailMessages.mailRequested.type,
      version: MailMessages.mailRequested.version,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      causationId: null,
      actor: null,
      orgId: 'org-mail-test',
      subject: { type: 'user', id: 'user-mail-test' },
      data: sealMailRequest(data, system.mailSealingKey),
    };
  }

  async function publish(envelope: EventEnvelope, msgID: string = envelope.id): Promise<void> {
    if (!nc) {
      throw new Error('not connected');
    }
    const ack = await nc
      .jetstream()
      .publish(MailMessages.mailRequested.subject, JSON.stringify(envelope), { msgID });
    expect(ack.duplicate).toBe(false);
  }

  /** The log lines notifications wrote about this event with this message. */
  function logged(eventId: string, msg: string): Record<string, unknown>[] {
    return system
      .log('notifications')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry['eventId'] === eventId && entry['msg'] === msg);
  }

  async function exactlyOneMailTo(address: string) {
    const [summary] = await eventually(async () => {
      const messages = await mailpit.messagesTo(address);
      expect(messages).toHaveLength(1);
      return messages;
    });
    return mailpit.message(summary!.ID);
  }

  it.each([
    ['invitation', 'ru', 'Приглашение в ООО «Экотранс» на платформе Orbita'],
    ['invitation', 'en', "You're invited to join ООО «Экотранс» on Orbita"],
    ['password-reset', 'ru', 'Восстановление пароля в Orbita'],
    ['password-reset', 'en', 'Reset your Orbita password'],
  ] as const)(
    'sends the %s e-mail in %s once, however often the event comes',
    async (template, locale, subject) => {
      const to = uniqueAddress();
      const link = `https://orbita.example/${template}?token=${randomUUID()}`;
      const envelope = mailRequested({
        to,
        locale,
        template,
        params: {
          link,
          displayName: 'Анна Петрова',
          orgName: 'ООО «Экотранс»',
          inviterName: 'Иван Сидоров',
          expiresAt: '2026-03-12T14:30:00.000Z',
        },
      });

      await publish(envelope);

      const message = await exactlyOneMailTo(to);
      expect(message.Subject).toBe(subject);
      expect(message.From).toEqual({ Name: 'Orbita', Address: 'no-reply@orbita.local' });
      expect(firstLink(message.Text)).toBe(link);
      expect(message.Text).toContain('Анна Петрова');
      expect(message.HTML).toContain(`<html lang="${locale}">`);

      // The same event again, under another message id so that the stream does not drop it.
      await publish(envelope, `${envelope.id}-again`);
      await eventually(() => {
        expect(logged(envelope.id, 'E-mail already sent for this event, skipped')).toHaveLength(1);
      });
      expect(await mailpit.messagesTo(to)).toHaveLength(1);
    },
  );

  it('does not send again an e-mail a crash left in the middle of sending', async () => {
    const to = uniqueAddress();
    const envelope = mailRequested({
      to,
      locale: 'en',
      template: 'password-reset',
      params: {
        link: 'https://orbita.example/reset',
        displayName: 'Anna',
        expiresAt: '2026-03-12T14:30:00Z',
      },
    });
    // What a process killed between claiming the e-mail and recording the outcome leaves behind.
    const now = new Date();
    await db!.collection<{ _id: string } & Record<string, unknown>>('sent_mails').insertOne({
      _id: envelope.id,
      status: 'sending',
      orgId: envelope.orgId,
      template: 'password-reset',
      locale: 'en',
      recipientDomain: 'example.com',
      attempts: 1,
      createdAt: now,
      updatedAt: now,
    });

    await publish(envelope);

    const [warning] = await eventually(() => {
      const lines = logged(
        envelope.id,
        'E-mail of this event was left "sending" (a crash mid-send?); it may have gone out, so it is not sent again',
      );
      expect(lines).toHaveLength(1);
      return lines;
    });
    expect(warning).toMatchObject({
      level: 'warn',
      template: 'password-reset',
      recipientDomain: 'example.com',
    });
    expect(await mailpit.messagesTo(to)).toHaveLength(0);
  });

  it('keeps an e-mail through an SMTP outage and sends it once the server is back', async () => {
    await system.process('notifications').stop();
    await system.startService('notifications', { SMTP_PORT: String(await freePort()) });
    const to = uniqueAddress();
    const link = `https://orbita.example/invitation?token=${randomUUID()}`;
    const envelope = mailRequested({
      to,
      locale: 'ru',
      template: 'invitation',
      params: {
        link,
        displayName: 'Борис',
        orgName: 'Филиал «Север»',
        inviterName: 'Ирина',
        expiresAt: '2026-04-01T09:00:00Z',
      },
    });

    await publish(envelope);

    // It fails, and is tried again after a delay, without the service going down.
    await eventually(() => {
      expect(logged(envelope.id, 'Event handling failed, will retry').length).toBeGreaterThanOrEqual(2);
    });
    expect(system.process('notifications').isAlive()).toBe(true);
    expect((await fetch(`${system.serviceUrl('notifications')}/health/ready`)).status).toBe(200);
    expect(await mailpit.messagesTo(to)).toHaveLength(0);

    await system.process('notifications').stop();
    await system.startService('notifications');

    const message = await exactlyOneMailTo(to);
    expect(message.Subject).toBe('Приглашение в Филиал «Север» на платформе Orbita');
    expect(firstLink(message.Text)).toBe(link);
    const [sent] = await eventually(() => {
      const lines = logged(envelope.id, 'E-mail sent');
      expect(lines).toHaveLength(1);
      return lines;
    });
    expect(sent).toMatchObject({ template: 'invitation', locale: 'ru', recipientDomain: 'example.com' });
    expect(sent?.['attempt']).toBeGreaterThanOrEqual(2);
    // The address itself is never logged.
    expect(system.log('notifications')).not.toContain(to);
    expect(await mailpit.messagesTo(to)).toHaveLength(1);
  });
});
