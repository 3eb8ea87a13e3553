import type {
  AcknowledgementProgress,
  DocumentView,
  InstanceView,
  NotificationPage,
} from '@orbita/contracts';
import { NotificationKind } from '@orbita/contracts';
import { DEMO_PASSWORD, restaurantChain } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import { ApiClient as Api, BrowserSession, TestSystem, VIEWPORTS, eventually, login } from '@orbita/testing';
import { expectAccessibleAndNarrow } from './web-checks';

/** Far enough for the order's 3 working days whatever the date the suite runs on (New Year's holidays too). */
const CLOCK_PAST_SLA_MS = 20 * 86_400_000;

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * S2.1 in the browser: HQ Marketing issues an order with its document to every restaurant manager
 * of the demo chain (the shipped `order-acknowledgement` template addresses them all); HQ follows
 * the acknowledgement's progress on a desktop while a restaurant manager acknowledges on a phone,
 * reminds the rest, and sees who is overdue once the SLA has passed.
 */
describe('the web app: an order’s acknowledgement progress (S2.1)', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let marketing: ApiClient;
  const sessions: BrowserSession[] = [];
  const total = restaurantChain.managers.length;
  const first = restaurantChain.managers[0]!;
  const second = restaurantChain.managers[1]!;

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true, seedRestaurantChain: true });
    marketing = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, restaurantChain.staff.marketing.email, DEMO_PASSWORD),
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await system.stop();
  });

  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.signedIn(viewport, system.gatewayUrl, email, DEMO_PASSWORD);
    sessions.push(browser);
    return browser;
  }

  /** The order's document, published, and the order itself started through the API. */
  async function issueOrder(subject: string): Promise<InstanceView> {
    const created = await marketing.post<DocumentView>('/api/documents', {
      title: 'Приказ о новой спецификации закупок с 1 декабря',
      type: 'order',
      counterpartyOrgId: restaurantChain.departments.marketing,
    });
    expect(created.status).toBe(201);
    const documentId = created.body.id;
    const version = await marketing.send(
      'POST',
      `/api/documents/${documentId}/versions?name=${encodeURIComponent('Приказ.pdf')}`,
      new TextEncoder().encode('%PDF-1.4\n% Спецификация закупок\n%%EOF\n'),
      { 'content-type': 'application/octet-stream' },
    );
    expect(version.status).toBe(201);
    expect((await marketing.post(`/api/documents/${documentId}/publish`, {})).status).toBe(200);
    const started = await marketing.post<InstanceView>('/api/requests', {
      templateKey: 'order-acknowledgement',
      form: { subject, documentId, effectiveFrom: '2026-12-01' },
    });
    expect(started.status).toBe(201);
    // Every manager's task exists before anyone looks.
    await eventually(async () => {
      const progress = await marketing.get<AcknowledgementProgress>(
        `/api/requests/${started.body.id}/acknowledgements`,
      );
      expect(progress.body.total).toBe(total);
    });
    return started.body;
  }

  it('shows HQ the count move as a manager acknowledges on a phone, reminds the rest, and shows who is overdue', async () => {
    const order = await issueOrder('Новая спецификация закупок');

    // HQ opens the progress from the request's page.
    const hq = await signedIn(restaurantChain.staff.marketing.email);
    await hq.page.goto(`${system.gatewayUrl}/requests/${order.id}`);
    await hq.page.getByRole('heading', { level: 1, name: order.title }).waitFor();
    await hq.press(hq.page.getByTestId('ack-progress-link'));
    await hq.page.waitForURL(new RegExp(`/requests/${order.id}/acknowledgements\\?stepId=acknowledge$`));
    await hq.page.getByRole('heading', { level: 1, name: order.title }).waitFor();
    const counts = hq.page.getByTestId('ack-counts');
    await counts.filter({ hasText: `Ознакомились 0 из ${total}` }).waitFor();
    await hq.page
      .getByText('Документ: «Приказ о новой спецификации закупок с 1 декабря», версия 1')
      .waitFor();
    await hq.page.getByRole('heading', { level: 2, name: `Осталось: ${total}` }).waitFor();
    // Who is left and where.
    const pending = hq.page.getByTestId('ack-pending').getByRole('listitem');
    await expect(pending.count()).resolves.toBe(total);
    const firstRow = pending.filter({ hasText: 'Управляющий ресторана №001' });
    await expect(firstRow.textContent()).resolves.toContain(restaurantChain.restaurants[0]!.name);
    await expect(counts.textContent()).resolves.not.toMatch(/просрочено/);
    await expectAccessibleAndNarrow(hq);

    // The first restaurant's manager, on a phone: the task in their inbox, acknowledged there.
    const manager = await signedIn(first.email, phone);
    await manager.press(manager.page.getByRole('navigation').getByRole('link', { name: 'Мои задачи' }));
    await manager.page.getByRole('heading', { level: 1, name: 'Мои задачи' }).waitFor();
    const task = manager.page.getByTestId('work-item').filter({ hasText: order.title });
    // The task is named by its step and the order.
    const link = task.getByRole('link', { name: `Ознакомиться с приказом: ${order.title}` });
    await manager.press(link);
    await manager.page.getByRole('heading', { level: 1, name: order.title }).waitFor();
    const work = manager.page.getByTestId('work-card');
    await work
      .getByText('Документ для ознакомления: Приказ о новой спецификации закупок с 1 декабря')
      .waitFor();
    // The manager sees nothing of the progress: it is HQ's.
    await expect(manager.page.getByTestId('ack-progress-link').count()).resolves.toBe(0);
    await expectAccessibleAndNarrow(manager);
    await manager.press(work.getByRole('button', { name: 'Ознакомлен(а)' }));
    await manager.page.getByTestId('request-notice').getByText('Готово: заявка пошла дальше.').waitFor();
    await eventually(async () => {
      await expect(manager.page.getByTestId('work-card').count()).resolves.toBe(0);
    });
    await expectAccessibleAndNarrow(manager);
    expect(manager.problems).toEqual([]);

    // HQ's page moves on its own: one acknowledged, the manager no longer among those left.
    await counts.filter({ hasText: `Ознакомились 1 из ${total}` }).waitFor();
    await hq.page.getByRole('heading', { level: 2, name: `Осталось: ${total - 1}` }).waitFor();
    await expect(firstRow.count()).resolves.toBe(0);

    // "Remind the rest": everyone still to acknowledge is told, the first manager not.
    await hq.press(hq.page.getByRole('button', { name: 'Напомнить остальным' }));
    await hq.page.getByText(`Напоминание отправлено ${total - 1} людям.`).waitFor();
    const reminders = async (client: ApiClient): Promise<number> => {
      const page = await client.get<NotificationPage>('/api/notifications?limit=100');
      return page.body.items.filter(
        (n) => n.kind === NotificationKind.AcknowledgementReminder && n.subject.id === order.id,
      ).length;
    };
    const secondManager = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, second.email, DEMO_PASSWORD),
    );
    await eventually(async () => {
      expect(await reminders(secondManager)).toBe(1);
    });
    const firstManager = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, first.email, DEMO_PASSWORD),
    );
    expect(await reminders(firstManager)).toBe(0);

    // The SLA passes: all who are left are overdue, and the filter shows just them.
    await system.moveClock('tasks', { advanceMs: CLOCK_PAST_SLA_MS });
    await counts.filter({ hasText: `${total - 1} просрочено` }).waitFor();
    await pending.filter({ hasText: 'Просрочено' }).first().waitFor();
    await expect(pending.filter({ hasText: 'Просрочено' }).count()).resolves.toBe(total - 1);
    await hq.press(hq.page.getByRole('switch', { name: 'Только просроченные' }));
    await expect(pending.count()).resolves.toBe(total - 1);
    await expectAccessibleAndNarrow(hq);
    expect(hq.problems).toEqual([]);
  }, 240_000);
});
