import { Alert, Card, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import type { WorkItemView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { WorkItemActions } from '../requests/work-item-actions';
import { errorText } from './password-fields';

/**
 * `/tasks/:id`, the notifications' link to a work item: a step of a request opens the request's
 * page; a stand-alone task is shown here with what its assignee may do.
 */
export function TaskPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [item, setItem] = useState<WorkItemView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItem(await api.get<WorkItemView>(`/api/work-items/${encodeURIComponent(id)}`));
    } catch (err) {
      setError(errorText(err, t('taskPage.notFound')));
    }
  }, [id, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (item?.instanceId) {
    return <Navigate to={`/requests/${encodeURIComponent(item.instanceId)}`} replace />;
  }
  return (
    <div className="page">
      <Typography.Title level={1}>{item?.title ?? t('taskPage.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      {notice && <Alert type="success" showIcon title={notice} role="status" className="auth-alert" />}
      {!item && !error && <Skeleton active />}
      {item && (
        <Card className="page-card">
          <div className="request-meta">
            {item.status === 'open' ? (
              item.overdue ? (
                <Tag color="error">{t('inbox.overdue')}</Tag>
              ) : (
                <Typography.Text type="secondary">
                  {item.dueAt
                    ? t('inbox.due', { date: time.format(new Date(item.dueAt)) })
                    : t('inbox.noDue')}
                </Typography.Text>
              )
            ) : (
              <Tag color={item.status === 'done' ? 'success' : 'default'}>
                {item.status === 'done' ? t('request.outcomes.done') : t('request.status.cancelled')}
              </Tag>
            )}
          </div>
          {item.description && (
            <Typography.Paragraph className="form-data-text">{item.description}</Typography.Paragraph>
          )}
          {item.status === 'open' && (
            <WorkItemActions
              item={item}
              stepNames={new Map()}
              onChanged={(message) => {
                setNotice(message);
                void load();
              }}
            />
          )}
        </Card>
      )}
    </div>
  );
}
