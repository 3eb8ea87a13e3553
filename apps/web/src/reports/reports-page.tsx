import { Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { holds, isPortalUser, useUser } from '../auth/auth-context';
import { OperationsReportView } from './operations-report';
import { RegionsReportView } from './regions-report';
import { SlaReportView } from './sla-report';

/**
 * The company's reports (`/reports`: SLA and whose time; `/reports/operations`: S1.9; `/reports/regions`: S2.2, S2.4), for staff
 * holding report.view. Others are told so here; the API refuses them too.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const user = useUser();
  if (isPortalUser(user) || !holds(user, 'report.view')) {
    return (
      <div className="page">
        <Result
          status="403"
          title={<h1 className="result-title">{t('reports.forbiddenTitle')}</h1>}
          subTitle={t('reports.forbidden')}
          data-testid="reports-forbidden"
        />
      </div>
    );
  }
  return (
    <div className="page report-page">
      <Typography.Title level={1}>{t('reports.title')}</Typography.Title>
      <nav aria-label={t('reports.sections')} className="report-sections">
        <NavLink to="/reports" end className="report-section-link">
          {t('reports.sla.nav')}
        </NavLink>
        <NavLink to="/reports/operations" className="report-section-link">
          {t('reports.operations.nav')}
        </NavLink>
        <NavLink to="/reports/regions" className="report-section-link">
          {t('reports.regions.nav')}
        </NavLink>
      </nav>
      <Routes>
        <Route index element={<SlaReportView />} />
        <Route path="operations" element={<OperationsReportView />} />
        <Route path="regions" element={<RegionsReportView />} />
      </Routes>
    </div>
  );
}
