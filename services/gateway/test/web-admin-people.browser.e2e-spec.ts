import type { InvitationView, LicenceUsage, OrgView, Page, RoleView, UserView } from '@orbita/contracts';
import { DEMO_FINANCE_ID, DEMO_OPERATIONS_ID, DEMO_PASSWORD, DEMO_RADUGA_ID, demoUser } from '@orbita/demo';
import type { ApiClient } from '@orbita/testing';
import {
  ApiClient as Api,
  BrowserSession,
  MailpitClient,
  TestSystem,
  VIEWPORTS,
  eventually,
  firstLink,
  invitedUser,
  login,
} from '@orbita/testing';
import type { Locator } from 'playwright-core';
import { expectAccessibleAndNarrow } from './web-checks';

/** Names of a test's own per attempt (a retried test must not meet what its first try made). */
function attempt(): string {
  return Date.now().toString(36);
}

// Chromium on two loaded cores: a failed test is tried once more at once (before the tests that
// build on its state), its first failure printed.
jest.retryTimes(1, { logErrorsBeforeRetry: true, retryImmediately: true });

/**
 * The administration's people-and-structure pages (ADR 025) in the browser: the demo admin
 * creates and renames a unit, invites a person into it (the e-mail is sent; the invitation is
 * listed, then revoked), creates a role with permissions and changes them, gives a person a role
 * and takes it away, deactivates someone, and reads the licence's seats as the API counts them; a
 * phone shows every page without sideways scrolling; a client's admin has only the invitations (the
 * portal's "invite colleagues") and is refused the rest at their URLs; a dispatcher has none.
 */
describe('the web app: units, users, invitations, roles and the licence', () => {
  const [desktop, phone] = VIEWPORTS;
  let system: TestSystem;
  let admin: ApiClient;
  let mailpit: MailpitClient;
  const sessions: BrowserSession[] = [];

  beforeAll(async () => {
    system = await TestSystem.start({ seedDemo: true });
    admin = new Api(system.gatewayUrl).as(
      await login(system.gatewayUrl, demoUser.admin.email, DEMO_PASSWORD),
    );
    mailpit = new MailpitClient(system.infra.mailApiUrl);
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.close()));
    await system.stop();
  });

  async function signedIn(email: string, viewport = desktop!): Promise<BrowserSession> {
    const browser = await BrowserSession.signedIn(viewport, system.gatewayUrl, email, DEMO_PASSWORD);
    sessions.push(browser);
    return browser;
  }

  async function apiGet<T>(path: string): Promise<T> {
    const response = await admin.get<T>(path);
    expect(response.status).toBe(200);
    return response.body;
  }

  /** Picks the option of a searchable picker: types, waits for the match, takes the first one. */
  async function pick(browser: BrowserSession, field: Locator, typed: string, option: string): Promise<void> {
    await field.fill(typed);
    await browser.page.locator('.ant-select-item-option').filter({ hasText: option }).first().waitFor();
    await browser.page.keyboard.press('Enter');
  }

  async function confirm(browser: BrowserSession, button: string): Promise<void> {
    await browser.press(browser.page.locator('.ant-popconfirm').getByRole('button', { name: button }));
  }

  it('lets the admin run units, invitations, roles, users and see the licence on a desktop', async () => {
    const run = attempt();
    const UNIT = `Отдел качества ${run}`;
    const RENAMED = `Служба качества ${run}`;
    const INVITEE = `quality.${run}@ecotrans.example`;
    const ROLE = `web-auditor-${run}`;
    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Администрирование' }));
    // /admin opens the first section: the units.
    await page.waitForURL(/\/admin\/orgs$/);
    const sections = page.getByRole('navigation', { name: 'Разделы администрирования' });
    const labels = await sections.getByRole('link').allTextContents();
    expect(labels.slice(0, 5)).toEqual(['Подразделения', 'Пользователи', 'Приглашения', 'Роли', 'Лицензия']);
    expect(labels.indexOf('Расписания')).toBeGreaterThan(4);

    // Units: the tree, internal and external; a unit under Operations, then renamed.
    await page.getByRole('heading', { level: 1, name: 'Подразделения и организации' }).waitFor();
    const tree = page.getByTestId('org-tree');
    const node = (name: string) => tree.getByTestId('org-node').filter({ hasText: name });
    await node('Raduga Mall').filter({ hasText: 'Клиент' }).waitFor();
    await node('Finance').filter({ hasText: 'Отдел' }).waitFor();
    await browser.press(node('Operations'));
    await page.getByRole('heading', { level: 2, name: 'Новое в «Operations»' }).waitFor();
    const newForm = page.getByTestId('org-new-form');
    await newForm.getByLabel('Название').fill(UNIT);
    await browser.press(newForm.getByRole('button', { name: 'Создать' }));
    await page.getByText(`«${UNIT}» создано.`).waitFor();
    await node(UNIT).and(page.locator('[aria-current="true"]')).waitFor();
    const children = await apiGet<Page<OrgView>>(`/api/orgs?parentId=${DEMO_OPERATIONS_ID}`);
    const unit = children.items.find((org) => org.name === UNIT);
    expect(unit).toMatchObject({ kind: 'department', external: false, parentId: DEMO_OPERATIONS_ID });
    await expectAccessibleAndNarrow(browser);

    const editForm = page.getByTestId('org-edit-form');
    await editForm.getByLabel('Название').fill(RENAMED);
    await browser.press(editForm.getByRole('button', { name: 'Сохранить' }));
    await page.getByText(`«${RENAMED}» сохранено.`).waitFor();
    await node(RENAMED).waitFor();
    expect((await apiGet<OrgView>(`/api/orgs/${unit!.id}`)).name).toBe(RENAMED);

    // A client under the company needs its personal manager: said at the field, nothing created.
    await browser.press(node('EcoTrans').filter({ hasText: 'Компания' }));
    await page.getByRole('heading', { level: 2, name: 'Новое в «EcoTrans»' }).waitFor();
    await newForm.getByLabel('Название').fill('Клиент без менеджера (веб)');
    await browser.press(newForm.getByLabel('Вид'));
    await browser.press(page.locator('.ant-select-item-option').filter({ hasText: /^Клиент$/ }));
    await browser.press(newForm.getByRole('button', { name: 'Создать' }));
    await newForm.getByText('Клиенту или партнёру нужен персональный менеджер').waitFor();
    const all = await apiGet<Page<OrgView>>('/api/orgs?limit=100');
    expect(all.items.some((org) => org.name === 'Клиент без менеджера (веб)')).toBe(false);

    // Invitations: into the new unit, with a role; the e-mail goes out; then revoked.
    await browser.press(sections.getByRole('link', { name: 'Приглашения' }));
    await page.getByRole('heading', { level: 1, name: 'Приглашения' }).waitFor();
    const invite = page.getByTestId('invite-form');
    await invite.getByLabel('Эл. почта').fill(INVITEE);
    await invite.getByLabel('Имя').fill('Вера Качество');
    await pick(browser, invite.getByLabel('Куда'), RENAMED, RENAMED);
    await invite.getByText('Займёт полное место (сотрудник).').waitFor();
    await pick(browser, invite.getByLabel('Роли там'), 'dispatcher', 'dispatcher');
    await page.keyboard.press('Escape');
    await browser.press(invite.getByRole('button', { name: 'Отправить приглашение' }));
    await page.getByText(`Приглашение отправлено на ${INVITEE}.`).waitFor();
    const shownLink = await page.getByTestId('invitation-link').locator('code').textContent();
    const row = page.getByTestId('invitation').filter({ hasText: INVITEE });
    await row.getByTestId('invitation-status').filter({ hasText: 'Ожидает' }).waitFor();
    const [mail] = await eventually(async () => {
      const messages = await mailpit.messagesTo(INVITEE);
      expect(messages).toHaveLength(1);
      return messages;
    });
    expect(firstLink((await mailpit.message(mail!.ID)).Text)).toBe(shownLink);
    const pending = await apiGet<Page<InvitationView>>('/api/invitations?status=pending');
    expect(pending.items.find((i) => i.email === INVITEE)).toMatchObject({
      orgId: unit!.id,
      seat: 'full',
      roleIds: ['dispatcher'],
      status: 'pending',
    });
    await expectAccessibleAndNarrow(browser);

    await browser.press(row.getByRole('button', { name: `Отозвать: ${INVITEE}` }));
    await confirm(browser, 'Отозвать');
    await page.getByText(`Приглашение ${INVITEE} отозвано.`).waitFor();
    await row.getByTestId('invitation-status').filter({ hasText: 'Отозвано' }).waitFor();
    await expect(row.getByRole('button', { name: `Отозвать: ${INVITEE}` }).count()).resolves.toBe(0);
    const revoked = await apiGet<Page<InvitationView>>('/api/invitations?status=revoked');
    expect(revoked.items.some((i) => i.email === INVITEE)).toBe(true);

    // Roles: a new one with permissions in words, then one more permission.
    await browser.press(sections.getByRole('link', { name: 'Роли' }));
    await page.getByRole('heading', { level: 1, name: 'Роли' }).waitFor();
    await page
      .getByTestId('role')
      .filter({ hasText: 'client-admin' })
      .filter({ hasText: 'Встроенная' })
      .waitFor();
    await browser.press(page.getByRole('button', { name: 'Новая роль' }));
    const roleForm = page.getByTestId('role-form');
    await roleForm.getByLabel('Имя').fill(ROLE);
    await roleForm.getByLabel('Для чего она').fill('Проверяет отчёты');
    await browser.press(roleForm.getByLabel('Видеть подразделения и организации'));
    await browser.press(roleForm.getByLabel('Видеть людей'));
    await browser.press(roleForm.getByLabel('Видеть отчёты компании'));
    await expectAccessibleAndNarrow(browser);
    await browser.press(roleForm.getByRole('button', { name: 'Создать роль' }));
    await page.getByText(`Роль «${ROLE}» создана.`).waitFor();
    const roleRow = page.getByTestId('role').filter({ hasText: ROLE });
    await roleRow.getByText('Видеть отчёты компании').waitFor();
    const roleOf = async () =>
      (await apiGet<{ items: RoleView[] }>('/api/roles')).items.find((r) => r.name === ROLE);
    const created = await roleOf();
    expect(created).toMatchObject({ builtIn: false, description: 'Проверяет отчёты' });
    expect([...created!.permissions].sort()).toEqual(['org.read', 'report.view', 'user.read']);

    await browser.press(roleRow.getByRole('button', { name: `Изменить: ${ROLE}` }));
    await browser.press(page.getByTestId('role-form').getByLabel('Видеть заявки и задачи'));
    await browser.press(page.getByTestId('role-form').getByRole('button', { name: 'Сохранить' }));
    await page.getByText(`Роль «${ROLE}» сохранена.`).waitFor();
    await roleRow.getByText('Видеть заявки и задачи').waitFor();
    expect([...(await roleOf())!.permissions].sort()).toEqual([
      'org.read',
      'report.view',
      'task.read',
      'user.read',
    ]);

    // Users: Dina found by name; the new role given at Finance and taken away again.
    await browser.press(sections.getByRole('link', { name: 'Пользователи' }));
    await page.getByRole('heading', { level: 1, name: 'Пользователи' }).waitFor();
    await page.getByTestId('user').first().waitFor();
    await page.getByLabel('Поиск по имени или e-mail').fill('соколова');
    const dinaRow = page.getByTestId('user').filter({ hasText: demoUser.dina.email });
    await dinaRow.waitFor();
    await expect(page.getByTestId('user').count()).resolves.toBe(1);
    await expect(dinaRow.getByTestId('user-seat').textContent()).resolves.toBe('Полное место');
    await expectAccessibleAndNarrow(browser);
    await browser.press(dinaRow.getByRole('link', { name: demoUser.dina.displayName }));
    await page.waitForURL(new RegExp(`/admin/users/${demoUser.dina.id}$`));
    await page.getByRole('heading', { level: 1, name: demoUser.dina.displayName }).waitFor();
    const give = page.getByTestId('give-role-form');
    await pick(browser, give.getByLabel('Роль'), ROLE, ROLE);
    await pick(browser, give.getByLabel('Где'), 'Finance', 'Finance');
    await browser.press(give.getByRole('button', { name: 'Выдать роль' }));
    await page.getByText(`Роль «${ROLE}» в «Finance» выдана.`).waitFor();
    const given = page.getByTestId('user-role').filter({ hasText: ROLE });
    await given.waitFor();
    const dinaRoles = async () =>
      (await apiGet<UserView>(`/api/users/${demoUser.dina.id}`)).roles.map((r) => `${r.roleName}@${r.orgId}`);
    await expect(dinaRoles()).resolves.toContain(`${ROLE}@${DEMO_FINANCE_ID}`);
    await expectAccessibleAndNarrow(browser);

    await browser.press(given.getByRole('button', { name: /^Забрать: / }));
    await confirm(browser, 'Забрать');
    await page.getByText(`Роль «${ROLE}» в «Finance» забрана.`).waitFor();
    await given.waitFor({ state: 'detached' });
    await expect(dinaRoles()).resolves.toEqual([`dispatcher@${DEMO_OPERATIONS_ID}`]);

    // The licence: the seats as the API counts them; a broken licence file refused with its reason.
    await browser.press(sections.getByRole('link', { name: 'Лицензия' }));
    await page.getByRole('heading', { level: 1, name: 'Лицензия' }).waitFor();
    const usage = await apiGet<LicenceUsage>('/api/admin/licence');
    for (const pool of usage.pools) {
      await expect(
        page.getByTestId(`licence-pool-${pool.type}`).getByTestId('licence-pool-numbers').textContent(),
      ).resolves.toBe(`занято ${pool.used} из ${pool.size}`);
    }
    await expect(page.getByTestId('licence-licensee').textContent()).resolves.toBe(usage.licensee);
    // A header link under the pointer (where a click left it) is as readable as the others.
    await page
      .getByRole('navigation', { name: 'Основная навигация' })
      .getByRole('link', { name: 'Отчёты' })
      .hover();
    await expectAccessibleAndNarrow(browser);
    const licenceForm = page.getByTestId('licence-form');
    await licenceForm.getByLabel('Текст лицензии').fill('{"licenceId": "forged"}');
    await browser.press(licenceForm.getByRole('button', { name: 'Установить лицензию' }));
    await licenceForm.getByText(/Файл лицензии недействителен/).waitFor();
    expect((await apiGet<LicenceUsage>('/api/admin/licence')).licenceId).toBe(usage.licenceId);
    // The licence's refusal (400) is the only answer the browser logged (BrowserSession leaves 400s out).
    expect(browser.problems).toEqual([]);
  });

  it('deactivates a person after asking, on a desktop', async () => {
    const email = `leaving.${attempt()}@ecotrans.example`;
    const leaving = await invitedUser(admin, {
      orgId: DEMO_FINANCE_ID,
      email,
      displayName: 'Уходящий Сотрудник',
    });
    const browser = await signedIn(demoUser.admin.email);
    const { page } = browser;
    await page.goto(`${system.gatewayUrl}/admin/users/${leaving.id}`);
    await page.getByRole('heading', { level: 1, name: 'Уходящий Сотрудник' }).waitFor();
    await browser.press(page.getByRole('button', { name: 'Деактивировать' }));
    await page
      .getByText('Деактивировать пользователя Уходящий Сотрудник? Он выйдет из системы везде.')
      .waitFor();
    await confirm(browser, 'Деактивировать');
    await page.getByText('Пользователь Уходящий Сотрудник деактивирован.').waitFor();
    await page.getByTestId('user-status').filter({ hasText: 'Деактивирован' }).waitFor();
    expect((await apiGet<UserView>(`/api/users/${leaving.id}`)).active).toBe(false);
    // Gone from the active people, listed among the deactivated.
    await page.goto(`${system.gatewayUrl}/admin/users`);
    await page.getByTestId('user').first().waitFor();
    await expect(page.getByTestId('user').filter({ hasText: email }).count()).resolves.toBe(0);
    await browser.press(page.getByLabel('Статус'));
    await browser.press(page.locator('.ant-select-item-option').filter({ hasText: /^Деактивированные$/ }));
    await page.getByTestId('user').filter({ hasText: email }).waitFor();
    expect(browser.problems).toEqual([]);
  });

  it('shows every people-and-structure page on a phone without sideways scrolling', async () => {
    const browser = await signedIn(demoUser.admin.email, phone);
    const { page } = browser;
    for (const [path, title] of [
      ['orgs', 'Подразделения и организации'],
      ['users', 'Пользователи'],
      ['invitations', 'Приглашения'],
      ['roles', 'Роли'],
      ['licence', 'Лицензия'],
    ] as const) {
      await page.goto(`${system.gatewayUrl}/admin/${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.ant-skeleton').first().waitFor({ state: 'detached' });
      await expectAccessibleAndNarrow(browser);
    }
    await page.goto(`${system.gatewayUrl}/admin/users/${demoUser.olga.id}`);
    await page.getByRole('heading', { level: 1, name: demoUser.olga.displayName }).waitFor();
    await page.getByText('Пользователь портала может иметь роли только в своей организации.').waitFor();
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it("gives a client's admin the invitations only: she invites a colleague on a phone, the rest is refused", async () => {
    const COLLEAGUE = `colleague.${attempt()}@raduga.example`;
    const browser = await signedIn(demoUser.olga.email, phone);
    const { page } = browser;
    await browser.press(page.getByRole('navigation').getByRole('link', { name: 'Администрирование' }));
    await page.waitForURL(/\/admin\/invitations$/);
    const sections = page.getByRole('navigation', { name: 'Разделы администрирования' });
    await expect(sections.getByRole('link').allTextContents()).resolves.toEqual(['Приглашения']);
    await page.getByRole('heading', { level: 1, name: 'Приглашения' }).waitFor();
    const invite = page.getByTestId('invite-form');
    await invite.getByText('Займёт место портала.').waitFor();
    await invite.getByLabel('Эл. почта').fill(COLLEAGUE);
    await invite.getByLabel('Имя').fill('Коллега Ольги');
    await expectAccessibleAndNarrow(browser);
    await browser.press(invite.getByRole('button', { name: 'Отправить приглашение' }));
    await page.getByText(`Приглашение отправлено на ${COLLEAGUE}.`).waitFor();
    await page
      .getByTestId('invitation')
      .filter({ hasText: COLLEAGUE })
      .getByTestId('invitation-status')
      .filter({ hasText: 'Ожидает' })
      .waitFor();
    const pending = await apiGet<Page<InvitationView>>('/api/invitations?status=pending');
    expect(pending.items.find((i) => i.email === COLLEAGUE)).toMatchObject({
      orgId: DEMO_RADUGA_ID,
      seat: 'portal',
    });
    await expectAccessibleAndNarrow(browser);

    for (const [path, title, reason] of [
      [
        'orgs',
        'Подразделения и организации',
        'Структуру компании здесь видят и меняют только те, кто ею управляет.',
      ],
      ['users', 'Пользователи', 'Пользователей здесь видят и меняют только те, кто ими управляет.'],
      ['roles', 'Роли', 'Роли здесь видят и меняют только те, кто ими управляет.'],
      ['licence', 'Лицензия', 'Лицензию здесь видят только те, кому это разрешено.'],
    ] as const) {
      await page.goto(`${system.gatewayUrl}/admin/${path}`);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.getByRole('alert').getByText(reason).waitFor();
      await expect(
        page
          .getByRole('button')
          .filter({ hasText: /Создать|Сохранить|Установить/ })
          .count(),
      ).resolves.toBe(0);
    }
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });

  it('offers a dispatcher no administration, and refuses her at the URLs', async () => {
    const browser = await signedIn(demoUser.dina.email);
    const { page } = browser;
    await page.getByRole('navigation').getByRole('link', { name: 'Заявки' }).waitFor();
    await expect(
      page.getByRole('navigation').getByRole('link', { name: 'Администрирование' }).count(),
    ).resolves.toBe(0);
    await page.goto(`${system.gatewayUrl}/admin`);
    await page.getByTestId('admin-forbidden').waitFor();
    await page.goto(`${system.gatewayUrl}/admin/invitations`);
    await page
      .getByRole('alert')
      .getByText('Приглашения видят только те, кто может приглашать людей.')
      .waitFor();
    await expect(page.getByTestId('invite-form').count()).resolves.toBe(0);
    await page.goto(`${system.gatewayUrl}/admin/users`);
    await page.getByTestId('admin-refused').waitFor();
    await expectAccessibleAndNarrow(browser);
    expect(browser.problems).toEqual([]);
  });
});
