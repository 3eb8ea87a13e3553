import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import ruRU from 'antd/locale/ru_RU';
import { Suspense, lazy, useEffect, useMemo } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import type { BrandingView } from '@orbita/contracts';
import { AuthProvider, useAuth } from './auth/auth-context';
import { BrandingContext, themeFor } from './branding/branding';

// Every page is its own chunk: the first load carries only the shell and the page opened.
const LoginPage = lazy(() => import('./pages/login-page').then((m) => ({ default: m.LoginPage })));
const ForgotPasswordPage = lazy(() =>
  import('./pages/forgot-password-page').then((m) => ({ default: m.ForgotPasswordPage })),
);
const ResetPasswordPage = lazy(() =>
  import('./pages/reset-password-page').then((m) => ({ default: m.ResetPasswordPage })),
);
const InvitationPage = lazy(() =>
  import('./pages/invitation-page').then((m) => ({ default: m.InvitationPage })),
);
const AppShell = lazy(() => import('./shell/app-shell').then((m) => ({ default: m.AppShell })));
const ProfilePage = lazy(() => import('./pages/profile-page').then((m) => ({ default: m.ProfilePage })));
const InboxPage = lazy(() => import('./pages/inbox-page').then((m) => ({ default: m.InboxPage })));
const ClientListPage = lazy(() =>
  import('./clients/client-list-page').then((m) => ({ default: m.ClientListPage })),
);
const ClientCardPage = lazy(() =>
  import('./clients/client-card-page').then((m) => ({ default: m.ClientCardPage })),
);
const AcknowledgementProgressPage = lazy(() =>
  import('./acknowledgements/acknowledgement-progress-page').then((m) => ({
    default: m.AcknowledgementProgressPage,
  })),
);
const CataloguePage = lazy(() =>
  import('./pages/catalogue-page').then((m) => ({ default: m.CataloguePage })),
);
const StartPage = lazy(() => import('./pages/start-page').then((m) => ({ default: m.StartPage })));
const RequestsPage = lazy(() => import('./pages/requests-page').then((m) => ({ default: m.RequestsPage })));
const RequestPage = lazy(() => import('./pages/request-page').then((m) => ({ default: m.RequestPage })));
const TaskPage = lazy(() => import('./pages/task-page').then((m) => ({ default: m.TaskPage })));
const DocumentsPage = lazy(() =>
  import('./documents/documents-page').then((m) => ({ default: m.DocumentsPage })),
);
const DocumentPage = lazy(() =>
  import('./documents/document-page').then((m) => ({ default: m.DocumentPage })),
);
const AdminPage = lazy(() => import('./admin/admin-page').then((m) => ({ default: m.AdminPage })));
const ReportsPage = lazy(() => import('./reports/reports-page').then((m) => ({ default: m.ReportsPage })));
const NotFoundPage = lazy(() => import('./pages/not-found-page').then((m) => ({ default: m.NotFoundPage })));

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      <Spin />
      <span className="visually-hidden">{t('common.loading')}</span>
    </div>
  );
}

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') {
    return <Loading />;
  }
  if (state.status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

/**
 * The pages for those not signed in. Once signed in (here or in another tab), on to the page
 * that sent them here (an e-mail's link to a task), else home: the login form's own navigation
 * and this one must agree, or the later of the two would win.
 */
function AnonymousOnly({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === 'loading') {
    return <Loading />;
  }
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  return state.status === 'signed-in' ? <Navigate to={from} replace /> : children;
}

export function App({ branding }: { branding: BrandingView }) {
  const { i18n } = useTranslation();
  const theme = useMemo(() => themeFor(branding), [branding]);
  const title = branding.name ?? i18n.t('app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : ruRU} theme={theme}>
      <BrandingContext.Provider value={branding}>
        <AntApp>
          <AuthProvider>
            <BrowserRouter>
              <Suspense fallback={<Loading />}>
                <Routes>
                  <Route
                    path="/login"
                    element={
                      <AnonymousOnly>
                        <LoginPage />
                      </AnonymousOnly>
                    }
                  />
                  <Route
                    path="/forgot-password"
                    element={
                      <AnonymousOnly>
                        <ForgotPasswordPage />
                      </AnonymousOnly>
                    }
                  />
                  {/* The links identity e-mails (services/identity: invitations, passwords). */}
                  <Route path="/reset-password" element={<ResetPasswordPage />} />
                  <Route path="/invitation" element={<InvitationPage />} />
                  <Route
                    element={
                      <RequireSignedIn>
                        <AppShell />
                      </RequireSignedIn>
                    }
                  >
                    <Route index element={<InboxPage />} />
                    <Route path="/profile" element={<ProfilePage />} />
                    <Route path="/clients" element={<ClientListPage />} />
                    <Route path="/clients/:orgId" element={<ClientCardPage />} />
                    <Route path="/my-org" element={<ClientCardPage />} />
                    <Route
                      path="/requests/:instanceId/acknowledgements"
                      element={<AcknowledgementProgressPage />}
                    />
                    <Route path="/new" element={<CataloguePage />} />
                    <Route path="/new/:key" element={<StartPage />} />
                    <Route path="/requests" element={<RequestsPage />} />
                    {/* The notifications' deep links (libs/contracts deepLinkOf): requests, work items, documents. */}
                    <Route path="/requests/:id" element={<RequestPage />} />
                    <Route path="/tasks/:id" element={<TaskPage />} />
                    <Route path="/documents" element={<DocumentsPage />} />
                    <Route path="/documents/:id" element={<DocumentPage />} />
                    <Route path="/admin/*" element={<AdminPage />} />
                    <Route path="/reports/*" element={<ReportsPage />} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Routes>
              </Suspense>
            </BrowserRouter>
          </AuthProvider>
        </AntApp>
      </BrandingContext.Provider>
    </ConfigProvider>
  );
}
