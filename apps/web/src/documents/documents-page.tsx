import { Alert, Button, Card, Empty, Input, Segmented, Skeleton, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DocumentStatus, DocumentView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isPortalUser, useUser } from '../auth/auth-context';
import { formatDateTime } from '../clients/formats';
import { errorText } from '../pages/password-fields';
import { DocumentTags } from './document-tags';

const PAGE_SIZE = 20;

type StatusFilter = DocumentStatus | 'all';

/**
 * The documents I may see (`/documents`), newest first: staff those their org issued, by status
 * and by a title or number prefix; a portal user those issued to their org, the unopened first to
 * find with "only new". Each opens its page with versions and receipts.
 */
export function DocumentsPage() {
  const { t } = useTranslation();
  const portal = isPortalUser(useUser());
  const [status, setStatus] = useState<StatusFilter>('all');
  const [unread, setUnread] = useState(false);
  const [q, setQ] = useState('');
  const [items, setItems] = useState<DocumentView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null): Promise<void> => {
      setError(null);
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status !== 'all') {
        query.set('status', status);
      }
      if (unread) {
        query.set('unread', 'true');
      }
      if (q.trim()) {
        query.set('q', q.trim());
      }
      if (cursor) {
        query.set('cursor', cursor);
      }
      try {
        const page = await api.get<Page<DocumentView>>(`/api/documents?${query.toString()}`);
        setItems((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
        setNext(page.nextCursor);
      } catch (err) {
        setError(errorText(err, t('common.networkError')));
        setItems((previous) => previous ?? []);
      }
    },
    [status, unread, q, t],
  );

  useEffect(() => {
    setItems(null);
    void load(null);
  }, [load]);

  return (
    <div className="page">
      <Typography.Title level={1}>{t('documents.title')}</Typography.Title>
      <div className="filters">
        <Input.Search
          allowClear
          placeholder={t('documents.search')}
          aria-label={t('documents.search')}
          onSearch={(value) => {
            setQ(value);
          }}
          className="filter-search"
        />
        {portal ? (
          <label className="switch-label">
            <Switch checked={unread} onChange={setUnread} size="small" />
            <span>{t('documents.onlyNew')}</span>
          </label>
        ) : (
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={(['all', 'draft', 'published', 'void'] as const).map((value) => ({
              value,
              label: t(`documents.status.${value}`),
            }))}
          />
        )}
      </div>
      {error && <Alert type="error" showIcon title={error} role="alert" className="auth-alert" />}
      <Card className="page-card">
        {!items ? (
          <Skeleton active />
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.empty')} />
        ) : (
          <ul className="work-list">
            {items.map((doc) => (
              <li key={doc.id} className="work-item" data-testid="document-item">
                <div className="work-item-text">
                  <Link to={`/documents/${encodeURIComponent(doc.id)}`}>
                    <Typography.Text strong>{doc.title}</Typography.Text>
                  </Link>
                  <span className="work-item-meta">
                    <DocumentTags doc={doc} portal={portal} />
                    <Typography.Text type="secondary">
                      {formatDateTime(doc.publishedAt ?? doc.createdAt)}
                    </Typography.Text>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {next && (
          <Button onClick={() => void load(next)} className="more-button">
            {t('inbox.more')}
          </Button>
        )}
      </Card>
    </div>
  );
}
