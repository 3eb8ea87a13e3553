import type { DocumentView, EffectivePreferences } from '@orbita/contracts';
import { DEMO_PASSWORD, DEMO_RADUGA_ID, DEMO_SEVER_ID, demoUser } from '@orbita/demo';
import type { MailpitSummary } from '@orbita/testing';
import { ApiClient, MailpitClient, TestSystem, eventually, login } from '@orbita/testing';

/**
 * Issue 12 items 4–5 through the whole system: a document published to a client's org reaches its
 * people by e-mail in their own language (Olga Russian, Petr English), read from the real SMTP
 * sink; preferences through the gateway.
 */
describe('notification e-mail and preferences through the gateway', () => {
  let system: TestSystem;
  let mailpit: MailpitClient;
  let anna: ApiClient;
  let petr: ApiClient;
  const run = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    mailpit = new MailpitClient(system.infra.mailApiUrl);
    const as = async (email: string): Promise<ApiClient> =>
      new ApiClient(system.gatewayUrl).as(await login(system.gatewayUrl, email, DEMO_PASSWORD));
    anna = await as(demoUser.anna.email);
    petr = await as(demoUser.petr.email);
  });

  async function publish(title: string, orgId: string): Promise<DocumentView> {
    const created = await anna.post<DocumentView>('/api/documents', {
      title,
      type: 'contract',
      counterpartyOrgId: orgId,
    });
    expect(created.status).toBe(201);
    const version = await anna.send(
      'POST',
      `/api/documents/${created.body.id}/versions?name=${encodeURIComponent('акт.pdf')}`,
      new TextEncoder().encode('%PDF-1.4\n% Акт\n%%EOF\n'),
      { 'content-type': 'application/octet-stream' },
    );
    expect(version.status).toBe(201);
    expect((await anna.post(`/api/documents/${created.body.id}/publish`, { version: 1 })).status).toBe(200);
    return created.body;
  }

  /** The e-mails to `address` about this run's document (Mailpit is shared by every test file). */
  async function mailsAbout(address: string, title: string): Promise<MailpitSummary[]> {
    return (await mailpit.messagesTo(address)).filter((m) => m.Subject.includes(title));
  }

  it('mails Olga in Russian and Petr in English, once each, with a link to the document', async () => {
    const forRaduga = await publish(`Акт сверки ${run}`, DEMO_RADUGA_ID);
    const forSever = await publish(`Акт для гостиницы ${run}`, DEMO_SEVER_ID);
    const [ru] = await eventually(async () => {
      const found = await mailsAbout(demoUser.olga.email, `Акт сверки ${run}`);
      expect(found).toHaveLength(1);
      return found;
    });
    const [en] = await eventually(async () => {
      const found = await mailsAbout(demoUser.petr.email, `Акт для гостиницы ${run}`);
      expect(found).toHaveLength(1);
      return found;
    });
    const russian = await mailpit.message(ru!.ID);
    expect(russian.Subject).toMatch(/^Опубликован документ: /);
    expect(russian.Text).toContain(`/documents/${forRaduga.id}`);
    const english = await mailpit.message(en!.ID);
    expect(english.Subject).toMatch(/^A document was published: /);
    expect(english.Text).toContain('Hello Пётр Иванов,');
    expect(english.Text).toContain(`/documents/${forSever.id}`);
    // The publisher is not mailed about her own act.
    expect(await mailsAbout(demoUser.anna.email, run)).toHaveLength(0);
  });

  it('lets Petr turn e-mail off for a kind, and then mails him nothing of it', async () => {
    const set = await petr.send<EffectivePreferences>('PUT', '/api/notifications/preferences', {
      kinds: { 'document.published': { email: false } },
      quietHours: null,
    });
    expect(set.status).toBe(200);
    expect(set.body.kinds['document.published']).toEqual({ inApp: true, email: false });
    const read = await petr.get<EffectivePreferences>('/api/notifications/preferences');
    expect(read.body.own.kinds).toEqual({ 'document.published': { email: false } });

    const quiet = await publish(`Без письма ${run}`, DEMO_SEVER_ID);
    // In the inbox, not in the mailbox.
    await eventually(async () => {
      const page = await petr.get<{ items: { subject: { id: string } }[] }>('/api/notifications?limit=100');
      expect(page.body.items.some((n) => n.subject.id === quiet.id)).toBe(true);
    });
    expect(await mailsAbout(demoUser.petr.email, `Без письма ${run}`)).toHaveLength(0);
  });

  it('refuses malformed preferences with a clear error in both languages', async () => {
    const bad = await petr.send<{ code: string; message: string }>('PUT', '/api/notifications/preferences', {
      kinds: {},
      quietHours: { start: '25:00', end: '08:00' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const russian = await petr.send<{ message: string }>(
      'PUT',
      '/api/notifications/preferences',
      { kinds: {}, quietHours: { start: '25:00', end: '08:00' } },
      { 'accept-language': 'ru' },
    );
    expect(russian.body.message).toContain('ЧЧ:ММ');
  });
});
