import { Alert, Button, Card, Empty, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { InstanceSummary, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { currentLanguage } from '../i18n/i18n';
import { useLiveRefresh } from '../notifications/live-changes';
import { errorText } from './password-fields';

type Scope = 'mine' | 'involved';

const STATUS_COLOURS: Record<InstanceSummary['status'], string> = {
  running: 'processing',
  completed: 'success',
  rejected: 'error',
  cancelled: 'default',
};

/** The requests I started or take part in (`/requests`), newest first, each opening its page. */
export function RequestsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = currentLanguage();
  const time = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const [scope, setScope] = useState<Scope>('involved');
  const [items, setItems] = useState<InstanceSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (cursor?: string) => {
      const query = new URLSearchParams({ scope, limit: '20' });
      if (cursor) {
        query.set('cursor', cursor);
      }
      return api.get<Page<InstanceSummary>>(`/api/requests?${query.toString()}`);
    },
    [scope],
  );

  useEffect(() => {
    setItems(null);
    load()
      .then((page) => {
        setItems(page.items);
        setNext(page.nextCursor);
      })
      .catch((err: unknown) => {
        setError(errorText(err, t('common.networkError')));
      });
  }, [load, t]);

  // A request I take part in changed or a new one reached me (ADR 027): the first page again,
  // the pages read further kept as they were.
  useLiveRefresh(
    (change) => change.type === 'process-instance',
    async () => {
      const page = await load();
      setItems((previous) => {
        const fresh = new Set(page.items.map((item) => item.id));
        const rest = (previous ?? []).slice(page.items.length).filter((item) => !fresh.has(item.id));
        return [...page.items, ...rest];
      });
      if (!items || items.length <= page.items.length) {
        setNext(page.nextCursor);
      }
    },
  );

  const more = async (): Promise<void> => {
    if (next) {
      const page = await load(next);
      setItems((previous) => [...(previous ?? []), ...page.items]);
      setNext(page.nextCursor);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={1}>{t('requests.title')}</Typography.Title>
        <Button type="primary" onClick={() => void navigate('/new')}>
          {t('requests.newRequest')}
        </Button>
      </div>
      <Segmented<Scope>
        value={scope}
        onChange={setScope}
        options={[
          { value: 'involved', label: t('requests.involved') },
          { value: 'mine', label: t('requests.mine') },
        ]}
        className="requests-scope"
      />
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      <Card className="page-card">
        {!items ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requests.empty')} />
        ) : (
          <ul className="work-list">
            {items.map((item) => (
              <li key={item.id} className="work-item" data-testid="request-item">
                <div className="work-item-text">
                  <Link to={`/requests/${encodeURIComponent(item.id)}`}>
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Link>
                  <Typography.Text type="secondary">{item.templateName[language]}</Typography.Text>
                  <span className="work-item-meta">
                    <Tag>{t('request.number', { number: item.number })}</Tag>
                    <Tag color={STATUS_COLOURS[item.status]}>{t(`request.status.${item.status}`)}</Tag>
                    {item.overdue && <Tag color="error">{t('request.overdue')}</Tag>}
                    <Typography.Text type="secondary">
                      {time.format(new Date(item.createdAt))}
                    </Typography.Text>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {next && <Button onClick={() => void more()}>{t('inbox.more')}</Button>}
      </Card>
    </div>
  );
}
