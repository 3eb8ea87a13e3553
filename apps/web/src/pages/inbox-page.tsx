import { Alert, Button, Card, Empty, Skeleton, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Page, WorkItemView } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isPortalUser, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { useLiveRefresh } from '../notifications/live-changes';
import { errorText } from './password-fields';
import { NoticeAlert } from './notice-alert';

type View = 'mine' | 'claimable';

const PAGE_SIZE = 20;

interface Section {
  items: WorkItemView[];
  next: string | null;
}

/** My open work and my groups' tasks to claim; the API orders them overdue first, then by due time. */
export function InboxPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [sections, setSections] = useState<Record<View, Section> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async (view: View, cursor?: string): Promise<Section> => {
    const query = new URLSearchParams({ view, limit: String(PAGE_SIZE) });
    if (cursor) {
      query.set('cursor', cursor);
    }
    const page = await api.get<Page<WorkItemView>>(`/api/inbox?${query.toString()}`);
    return { items: page.items, next: page.nextCursor };
  }, []);

  const reload = useCallback(async () => {
    try {
      const [mine, claimable] = await Promise.all([load('mine'), load('claimable')]);
      setSections({ mine, claimable });
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  }, [load, t]);

  useEffect(() => {
    void reload();
  }, [reload]);
  // New work reaches me, or a task leaves my list (ADR 027): any change I am told of may do it.
  useLiveRefresh(() => true, reload);

  const more = async (view: View): Promise<void> => {
    const section = sections?.[view];
    if (!section?.next) {
      return;
    }
    const page = await load(view, section.next);
    setSections((previous) =>
      previous
        ? { ...previous, [view]: { items: [...previous[view].items, ...page.items], next: page.next } }
        : previous,
    );
  };

  const claim = async (item: WorkItemView): Promise<void> => {
    setError(null);
    try {
      await api.post(`/api/work-items/${encodeURIComponent(item.id)}/claim`, { revision: item.revision });
      setNotice(t('inbox.claimed'));
      await reload();
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
    }
  };

  const language = currentLanguage();
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });

  const renderItem = (item: WorkItemView, view: View) => (
    <li key={item.id} className="work-item" data-testid="work-item">
      <div className="work-item-text">
        <Link
          to={
            item.instanceId
              ? `/requests/${encodeURIComponent(item.instanceId)}`
              : `/tasks/${encodeURIComponent(item.id)}`
          }
          className="work-item-link"
        >
          <Typography.Text strong>{item.title}</Typography.Text>
        </Link>
        {item.stepName && <Typography.Text type="secondary">{item.stepName[language]}</Typography.Text>}
        <span className="work-item-meta">
          {item.instanceNumber && <Tag>{t('inbox.request', { number: item.instanceNumber })}</Tag>}
          {item.overdue ? (
            <Tag color="error">{t('inbox.overdue')}</Tag>
          ) : (
            <Typography.Text type="secondary">
              {item.dueAt ? t('inbox.due', { date: date.format(new Date(item.dueAt)) }) : t('inbox.noDue')}
            </Typography.Text>
          )}
        </span>
      </div>
      {view === 'claimable' && (
        <Button onClick={() => void claim(item)} aria-label={`${t('inbox.claim')}: ${item.title}`}>
          {t('inbox.claim')}
        </Button>
      )}
    </li>
  );

  const renderSection = (view: View, title: string) => {
    const section = sections?.[view];
    return (
      <Card className="page-card" title={<h2 className="card-title">{title}</h2>}>
        {!section ? (
          <Skeleton active />
        ) : section.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inbox.empty')} />
        ) : (
          <>
            <ul className="work-list">{section.items.map((item) => renderItem(item, view))}</ul>
            {section.next && <Button onClick={() => void more(view)}>{t('inbox.more')}</Button>}
          </>
        )}
      </Card>
    );
  };

  return (
    <div className="page">
      <Typography.Title level={1}>
        {isPortalUser(user) ? t('inbox.portalTitle') : t('inbox.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {renderSection('mine', t('inbox.mine'))}
      {renderSection('claimable', t('inbox.group'))}
    </div>
  );
}
