import { Result } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { useUser } from '../auth/auth-context';
import { permittedAdminSections } from './admin-sections';

/**
 * Administration (`/admin/...`): one page per part of the installation an administrator runs,
 * each offered to those holding its permission (the services still decide each call). `/admin`
 * opens the first one the person may use.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  const sections = permittedAdminSections(user);
  const first = sections[0];
  return (
    <div className="admin-page">
      {sections.length > 0 && (
        <nav aria-label={t('admin.sections')} className="report-sections admin-sections">
          {sections.map((section) => (
            <NavLink key={section.path} to={`/admin/${section.path}`} className="report-section-link">
              {t(section.label)}
            </NavLink>
          ))}
        </nav>
      )}
      <Suspense fallback={null}>
        <Routes>
          <Route
            index
            element={
              first ? (
                <Navigate to={`/admin/${first.path}`} replace />
              ) : (
                <div className="page">
                  <Result
                    status="403"
                    title={<h1 className="result-title">{t('admin.forbiddenTitle')}</h1>}
                    subTitle={t('admin.forbidden')}
                    data-testid="admin-forbidden"
                  />
                </div>
              )
            }
          />
          {/* Every section has its route; a page refuses by itself one not permitted (a guessed URL). */}
          {permittedAdminSections(null).map((section) => (
            <Route key={section.path} path={`${section.path}/*`} element={<section.Page />} />
          ))}
        </Routes>
      </Suspense>
    </div>
  );
}
