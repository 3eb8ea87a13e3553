import { Alert, Button, Card, Empty, Progress, Skeleton, Switch, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { AcknowledgementProgress, InstanceView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { errorText } from '../pages/password-fields';
import { NoticeAlert } from '../pages/notice-alert';

/** How often the progress is read again while the page is in view. */
const REFRESH_MS = 5_000;

/**
 * An acknowledgement order's live progress (S2.1): how many of all have acknowledged, how many
 * are overdue, who is left and where; "remind the rest" for those who may. Read again every few
 * seconds while the page is visible, so HQ sees the count move as restaurants acknowledge.
 */
export function AcknowledgementProgressPage() {
  const { t } = useTranslation();
  const instanceId = useParams()['instanceId'] ?? '';
  // The step, when the request has more than one acknowledgement; else the server picks the open one.
  const stepId = useSearchParams()[0].get('stepId');
  const [request, setRequest] = useState<InstanceView | null>(null);
  const [progress, setProgress] = useState<AcknowledgementProgress | null>(null);
  const [missing, setMissing] = useState(false);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A failed read of the progress, apart from a failed reminder: the next good read clears it.
  const [readError, setReadError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reminding, setReminding] = useState(false);

  const path = `/api/requests/${encodeURIComponent(instanceId)}`;

  const refresh = useCallback(async (): Promise<void> => {
    try {
      const query = stepId ? `?stepId=${encodeURIComponent(stepId)}` : '';
      setProgress(await api.get<AcknowledgementProgress>(`${path}/acknowledgements${query}`));
      setReadError(null);
    } catch (err) {
      if (isApiError(err) && (err.status === 404 || err.status === 400)) {
        setMissing(true);
      } else {
        setReadError(errorText(err, t('common.networkError')));
      }
    }
  }, [path, stepId, t]);

  useEffect(() => {
    void api
      .get<InstanceView>(path)
      .then(setRequest)
      .catch(() => undefined);
    void refresh();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') {
        void refresh();
      }
    }, REFRESH_MS);
    return () => {
      clearInterval(timer);
    };
  }, [path, refresh]);

  const remind = async (): Promise<void> => {
    setError(null);
    setReminding(true);
    try {
      const query = stepId ? `?stepId=${encodeURIComponent(stepId)}` : '';
      const { reminded } = await api.post<{ reminded: number }>(`${path}/acknowledgements/remind${query}`);
      setNotice(t('acknowledgements.reminded', { count: reminded }));
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    } finally {
      setReminding(false);
    }
  };

  if (missing) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('acknowledgements.notFoundTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('acknowledgements.notFound')} role="alert" />
      </div>
    );
  }

  const shown = (progress?.pending ?? []).filter((p) => !overdueOnly || p.overdue);
  const percent = progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;

  return (
    <div className="page">
      <Link to={`/requests/${encodeURIComponent(instanceId)}`} className="back-link">
        {t('acknowledgements.back')}
      </Link>
      <Typography.Title level={1}>{request?.title ?? t('acknowledgements.title')}</Typography.Title>
      {readError && <Alert type="error" showIcon title={readError} className="auth-alert" role="alert" />}
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {!progress ? (
        <Card className="page-card">
          <Skeleton active />
        </Card>
      ) : (
        <>
          <Card
            className="page-card"
            title={<h2 className="card-title">{t('acknowledgements.progress')}</h2>}
          >
            {progress.document && (
              <Typography.Paragraph>
                {t('acknowledgements.document', {
                  title: progress.document.title,
                  version: progress.document.version,
                })}
              </Typography.Paragraph>
            )}
            <p className="ack-counts" data-testid="ack-counts" aria-live="polite">
              {t('acknowledgements.counts', { done: progress.done, total: progress.total })}
              {progress.overdue > 0 && (
                <Tag color="error" className="ack-overdue">
                  {t('acknowledgements.overdue', { count: progress.overdue })}
                </Tag>
              )}
            </p>
            <Progress percent={percent} aria-label={t('acknowledgements.progress')} />
            {progress.pending.length > 0 && (
              <Button type="primary" loading={reminding} onClick={() => void remind()}>
                {t('acknowledgements.remind')}
              </Button>
            )}
          </Card>
          <Card
            className="page-card"
            title={
              <h2 className="card-title">
                {t('acknowledgements.left', { count: progress.total - progress.done })}
              </h2>
            }
            extra={
              <label className="switch-label">
                <Switch size="small" checked={overdueOnly} onChange={setOverdueOnly} />{' '}
                {t('acknowledgements.overdueOnly')}
              </label>
            }
          >
            {shown.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('acknowledgements.nobody')} />
            ) : (
              <ul className="work-list" data-testid="ack-pending">
                {shown.map((person) => (
                  <li key={person.userId} className="work-item">
                    <div className="work-item-text">
                      <Typography.Text strong>{person.displayName}</Typography.Text>
                      <Typography.Text type="secondary">{person.orgName || person.orgId}</Typography.Text>
                    </div>
                    {person.overdue && <Tag color="error">{t('inbox.overdue')}</Tag>}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}
