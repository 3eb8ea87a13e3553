import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@orbita/testing';
import { SmtpMailer } from './smtp-mailer';

interface Received {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

/** A real SMTP server in this process, taking mail from the user "orbita" (password "secret"). */
async function startSmtpServer(): Promise<{
  port: number;
  received: Received[];
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'orbita' && auth.password === 'secret') {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid user name or password'));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

const mail = {
  to: 'anna@example.com',
  subject: 'Reset your Orbita password',
  text: 'Open https://orbita.example/reset?token=abc',
  html: '<p>Open <a href="https://orbita.example/reset?token=abc">the link</a></p>',
};

describe('SmtpMailer', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeEach(async () => {
    smtp = await startSmtpServer();
  });

  afterEach(async () => {
    await smtp.close();
  });

  it('hands the e-mail to the SMTP server, from the configured sender', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      from: 'Orbita <no-reply@orbita.local>',
    });

    const receipt = await mailer.send(mail);

    expect(smtp.received).toHaveLength(1);
    const [message] = smtp.received;
    expect(message).toMatchObject({
      from: 'no-reply@orbita.local',
      to: ['anna@example.com'],
      user: undefined,
    });
    expect(message?.raw).toContain('From: Orbita <no-reply@orbita.local>');
    expect(message?.raw).toContain('Subject: Reset your Orbita password');
    expect(message?.raw).toContain('Content-Type: text/plain');
    expect(message?.raw).toContain('Content-Type: text/html');
    expect(message?.raw).toContain(`Message-ID: ${receipt.messageId}`);
  });

  it('logs in when credentials are configured', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: { user: 'orbita', pass: 'secret' },
      from: 'no-reply@orbita.local',
    });

    await mailer.send(mail);

    expect(smtp.received[0]?.user).toBe('orbita');
  });

  it('rejects when the server refuses the credentials', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      auth: { user: 'orbita', pass: 'wrong' },
      from: 'no-reply@orbita.local',
    });

    await expect(mailer.send(mail)).rejects.toMatchObject({ code: 'EAUTH' });
    expect(smtp.received).toHaveLength(0);
  });

  it('rejects when no SMTP server answers', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: await freePort(),
      secure: false,
      from: 'no-reply@orbita.local',
    });

    await expect(mailer.send(mail)).rejects.toMatchObject({ code: 'ESOCKET' });
  });
});
