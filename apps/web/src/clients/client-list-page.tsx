import { Alert, Button, Card, Empty, Input, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OrgView, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { useUser } from '../auth/auth-context';
import { errorText } from '../pages/password-fields';

/** Orgs are read a page at a time; clients are the external ones with a card. */
const PAGE_SIZE = 100;

function isClient(org: OrgView): boolean {
  return org.kind === 'client' || org.kind === 'partner';
}

/** The clients and partners the staff member may see, theirs first; each opens its card. */
export function ClientListPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [clients, setClients] = useState<OrgView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null): Promise<void> => {
      setError(null);
      try {
        const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (cursor) {
          query.set('cursor', cursor);
        }
        const page = await api.get<Page<OrgView>>(`/api/orgs?${query.toString()}`);
        setClients((previous) => [...(cursor ? (previous ?? []) : []), ...page.items.filter(isClient)]);
        setNext(page.nextCursor);
      } catch (err) {
        setError(errorText(err, t('common.networkError')));
        setClients((previous) => previous ?? []);
      }
    },
    [t],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const shown = useMemo(() => {
    const needle = filter.trim().toLocaleLowerCase();
    return (clients ?? [])
      .filter((org) => needle === '' || org.name.toLocaleLowerCase().includes(needle))
      .sort(
        (a, b) =>
          Number(b.managerId === user.id) - Number(a.managerId === user.id) || a.name.localeCompare(b.name),
      );
  }, [clients, filter, user.id]);

  return (
    <div className="page">
      <Typography.Title level={1}>{t('clients.title')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <Card className="page-card">
        <Input.Search
          className="client-filter"
          placeholder={t('clients.filter')}
          aria-label={t('clients.filter')}
          allowClear
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
          }}
        />
        {!clients ? (
          <Skeleton active />
        ) : shown.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clients.none')} />
        ) : (
          <ul className="work-list" data-testid="client-list">
            {shown.map((org) => (
              <li key={org.id} className="work-item">
                <div className="work-item-text">
                  <Link to={`/clients/${encodeURIComponent(org.id)}`} className="client-link">
                    {org.name}
                  </Link>
                  <span className="work-item-meta">
                    <Tag>{t(`clients.kind.${org.kind === 'partner' ? 'partner' : 'client'}`)}</Tag>
                    {org.managerId === user.id && <Tag color="#0958d9">{t('clients.mine')}</Tag>}
                    {org.legal?.inn && (
                      <Typography.Text type="secondary">
                        {t('clients.inn', { inn: org.legal.inn })}
                      </Typography.Text>
                    )}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {next && <Button onClick={() => void load(next)}>{t('inbox.more')}</Button>}
      </Card>
    </div>
  );
}
