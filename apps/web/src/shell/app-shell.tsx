import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import type { MeView } from '@orbita/contracts';
import { permittedAdminSections } from '../admin/admin-sections';
import { holds, isPortalUser, useAuth, useUser } from '../auth/auth-context';
import { BrandMark, useBrandName } from '../branding/branding';
import { NotificationsBell } from '../notifications/notifications-bell';
import { NotificationsProvider } from '../notifications/notifications-context';
import { currentLanguage, setLanguage } from '../i18n/i18n';
import { LanguageSwitch } from './language-switch';

/**
 * What each kind of seat finds in the navigation: staff their inbox, portal users their tasks; both
 * their requests and the catalogue to start a new one (the portal's reduced navigation grows with
 * its own pages, the workspace with the staff's, as far as their permissions go).
 */
function navigation(user: MeView, t: (key: string) => string): { to: string; label: string; end: boolean }[] {
  const portal = isPortalUser(user);
  return [
    { to: '/', label: portal ? t('nav.myTasks') : t('nav.inbox'), end: true },
    portal
      ? { to: '/my-org', label: t('nav.myOrg'), end: true }
      : { to: '/clients', label: t('nav.clients'), end: true },
    { to: '/documents', label: t('nav.documents'), end: true },
    { to: '/requests', label: t('nav.requests'), end: true },
    { to: '/new', label: t('nav.newRequest'), end: true },
    // Staff who may read the company's reports; the reports' sections keep the item lit.
    ...(!portal && holds(user, 'report.view')
      ? [{ to: '/reports', label: t('nav.reports'), end: false }]
      : []),
    // Administration, for those whose permissions (GET /api/me) let them open it.
    ...(permittedAdminSections(user).length > 0 ? [{ to: '/admin', label: t('nav.admin'), end: false }] : []),
    { to: '/profile', label: t('nav.profile'), end: true },
  ];
}

/** The signed-in frame: header with navigation, the bell and the account menu; pages below. */
export function AppShell() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const portal = isPortalUser(user);
  const brandName = useBrandName();
  const other = currentLanguage() === 'ru' ? 'en' : 'ru';

  const accountMenu: MenuProps = {
    items: [
      { key: 'seat', label: portal ? t('shell.portalSeat') : t('shell.fullSeat'), disabled: true },
      { key: 'profile', icon: <UserOutlined />, label: t('nav.profile') },
      // On a phone the header has no room for the switch: the other language is offered here.
      {
        key: 'language',
        icon: <GlobalOutlined />,
        label: <span lang={other}>{t(`language.${other}`)}</span>,
      },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('shell.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') {
        void logout().then(() => navigate('/login', { replace: true }));
      } else if (key === 'language') {
        void setLanguage(other);
      } else if (key === 'profile') {
        void navigate('/profile');
      }
    },
  };

  return (
    <NotificationsProvider>
      <Layout className="shell" data-portal={portal ? 'true' : 'false'}>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <Layout.Header className="shell-header">
          <Link to="/" className="brand" aria-label={brandName}>
            <BrandMark size={28} />
          </Link>
          <nav className="shell-nav" aria-label={t('shell.mainNavigation')}>
            <ul className="shell-menu">
              {navigation(user, t).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className="shell-link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="shell-actions">
            <span className="header-language">
              <LanguageSwitch />
            </span>
            <NotificationsBell />
            <Dropdown menu={accountMenu} trigger={['click']} placement="bottomRight">
              <Button
                type="text"
                className="header-button"
                aria-label={t('shell.account', { name: user.displayName })}
                data-testid="account-menu"
              >
                <UserOutlined className="header-icon" />
                <Typography.Text className="account-name">{user.displayName}</Typography.Text>
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content id="main" className="shell-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </NotificationsProvider>
  );
}
