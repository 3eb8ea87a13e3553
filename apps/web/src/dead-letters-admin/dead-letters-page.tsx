import { Alert, Button, Empty, Form, Popconfirm, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeadLetterStatus, DeadLetterView, EventConsumingService, Page } from '@orbita/contracts';
import { api } from '../api/api-client';
import { isApiError } from '../api/api-error';
import { holds, useUser } from '../auth/auth-context';
import { currentLanguage } from '../i18n/i18n';
import { NoticeAlert } from '../pages/notice-alert';
import { errorText } from '../pages/password-fields';
import { Section } from '../pages/section';
import { FailedEmails } from './failed-emails';

/** The same list as EVENT_CONSUMING_SERVICES (the app imports only types from the contracts). */
const SERVICES: readonly EventConsumingService[] = ['identity', 'tasks', 'documents', 'notifications'];
const STATUSES: readonly DeadLetterStatus[] = ['parked', 'replayed', 'discarded'];
const PAGE_SIZE = 20;

const STATUS_COLOURS: Record<DeadLetterStatus, string> = {
  parked: '#a8071a',
  replayed: '#237804',
  discarded: '#595959',
};

/** The payload as received, indented when it is JSON. */
function readable(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/**
 * Events a service could not handle after its tries (ADR on dead letters), for those who run the
 * installation (ops.manage): by service and status, each with its error, attempts and payload;
 * replayed once its cause is fixed, or given up after a confirmation. Below, the notification
 * e-mails the SMTP server kept refusing, to send again.
 */
export function DeadLettersPage() {
  const { t } = useTranslation();
  const user = useUser();
  const allowed = holds(user, 'ops.manage');
  const time = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'medium' });
  const [service, setService] = useState<EventConsumingService>('notifications');
  const [status, setStatus] = useState<DeadLetterStatus>('parked');
  const [letters, setLetters] = useState<DeadLetterView[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [refused, setRefused] = useState(!allowed);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(
    async (cursor: string | null): Promise<void> => {
      try {
        const query = new URLSearchParams({ service, status, limit: String(PAGE_SIZE) });
        if (cursor) {
          query.set('cursor', cursor);
        }
        const page = await api.get<Page<DeadLetterView>>(`/api/admin/dead-letters?${query.toString()}`);
        setLetters((previous) => [...(cursor ? (previous ?? []) : []), ...page.items]);
        setNext(page.nextCursor);
      } catch (err) {
        if (isApiError(err) && err.status === 403) {
          setRefused(true);
        } else {
          setError(errorText(err, t('common.networkError')));
          setLetters((previous) => previous ?? []);
        }
      }
    },
    [service, status, t],
  );

  useEffect(() => {
    if (allowed) {
      setLetters(null);
      void load(null);
    }
  }, [allowed, load]);

  const act = async (letter: DeadLetterView, action: 'replay' | 'discard'): Promise<void> => {
    setError(null);
    setNotice(null);
    setBusy(`${action}:${letter.id}`);
    try {
      await api.post(`/api/admin/dead-letters/${encodeURIComponent(letter.id)}/${action}`);
      setNotice(t(`deadLettersAdmin.done.${action}`, { subject: letter.subject }));
      setOpen(null);
      await load(null);
    } catch (err) {
      setError(errorText(err, t('common.networkError')));
      // A failed replay keeps the letter parked with one more attempt and the new error: show it.
      await load(null);
    } finally {
      setBusy(null);
    }
  };

  if (refused) {
    return (
      <div className="page">
        <Typography.Title level={1}>{t('deadLettersAdmin.title')}</Typography.Title>
        <Alert type="warning" showIcon title={t('deadLettersAdmin.refused')} role="alert" />
      </div>
    );
  }

  const renderLetter = (letter: DeadLetterView) => {
    const isOpen = open === letter.id;
    const what = letter.eventType ?? letter.subject;
    return (
      <li key={letter.id} className="admin-item" data-testid="dead-letter">
        <div className="admin-item-head">
          <Typography.Text strong>{what}</Typography.Text>
          <Tag color={STATUS_COLOURS[letter.status]} data-testid="dead-letter-status">
            {t(`deadLettersAdmin.status.${letter.status}`)}
          </Tag>
        </div>
        <dl className="run-facts">
          <div>
            <dt>{t('deadLettersAdmin.error')}</dt>
            <dd data-testid="dead-letter-error" className="dead-letter-error">
              {letter.error}
            </dd>
          </div>
          <div>
            <dt>{t('deadLettersAdmin.attempts')}</dt>
            <dd data-testid="dead-letter-attempts">{letter.attempts}</dd>
          </div>
          <div>
            <dt>{t('deadLettersAdmin.lastFailed')}</dt>
            <dd>{time.format(new Date(letter.lastFailedAt))}</dd>
          </div>
        </dl>
        {isOpen && (
          <div data-testid="dead-letter-detail">
            <dl className="run-facts">
              <div>
                <dt>{t('deadLettersAdmin.subject')}</dt>
                <dd>
                  <code>{letter.subject}</code>
                </dd>
              </div>
              <div>
                <dt>{t('deadLettersAdmin.consumer')}</dt>
                <dd>
                  <code>{letter.consumer}</code> ({letter.stream} #{letter.streamSequence})
                </dd>
              </div>
              <div>
                <dt>{t('deadLettersAdmin.eventId')}</dt>
                <dd>{letter.eventId ?? t('deadLettersAdmin.notAnEvent')}</dd>
              </div>
              <div>
                <dt>{t('deadLettersAdmin.firstFailed')}</dt>
                <dd>{time.format(new Date(letter.firstFailedAt))}</dd>
              </div>
              {letter.resolvedAt && (
                <div>
                  <dt>{t('deadLettersAdmin.resolved')}</dt>
                  <dd>{time.format(new Date(letter.resolvedAt))}</dd>
                </div>
              )}
            </dl>
            <Typography.Text strong id={`payload-${letter.id}`}>
              {t('deadLettersAdmin.payload')}
            </Typography.Text>
            <pre
              className="payload"
              data-testid="dead-letter-payload"
              role="region"
              aria-labelledby={`payload-${letter.id}`}
              tabIndex={0}
            >
              {readable(letter.payload)}
            </pre>
          </div>
        )}
        <Space wrap>
          <Button
            aria-expanded={isOpen}
            aria-label={`${t(isOpen ? 'deadLettersAdmin.hide' : 'deadLettersAdmin.show')}: ${what}`}
            onClick={() => {
              setOpen(isOpen ? null : letter.id);
            }}
          >
            {t(isOpen ? 'deadLettersAdmin.hide' : 'deadLettersAdmin.show')}
          </Button>
          {letter.status === 'parked' && (
            <>
              <Button
                type="primary"
                loading={busy === `replay:${letter.id}`}
                aria-label={`${t('deadLettersAdmin.replay')}: ${what}`}
                onClick={() => void act(letter, 'replay')}
              >
                {t('deadLettersAdmin.replay')}
              </Button>
              <Popconfirm
                title={t('deadLettersAdmin.confirmDiscard')}
                okText={t('deadLettersAdmin.discard')}
                okButtonProps={{ danger: true }}
                cancelText={t('deadLettersAdmin.cancel')}
                onConfirm={() => void act(letter, 'discard')}
              >
                <Button
                  danger
                  loading={busy === `discard:${letter.id}`}
                  aria-label={`${t('deadLettersAdmin.discard')}: ${what}`}
                >
                  {t('deadLettersAdmin.discard')}
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      </li>
    );
  };

  return (
    <div className="page">
      <Typography.Title level={1}>{t('deadLettersAdmin.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('deadLettersAdmin.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} className="auth-alert" role="alert" />}
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <Section id="dead-letters" title={t('deadLettersAdmin.list')}>
        <Form layout="vertical" className="report-fields">
          <Form.Item
            label={t('deadLettersAdmin.service')}
            htmlFor="dead-letter-service"
            className="report-field"
          >
            <Select
              id="dead-letter-service"
              value={service}
              onChange={setService}
              options={SERVICES.map((value) => ({ value, label: t(`deadLettersAdmin.services.${value}`) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('deadLettersAdmin.statusLabel')}
            htmlFor="dead-letter-status"
            className="report-field"
          >
            <Select
              id="dead-letter-status"
              value={status}
              onChange={setStatus}
              options={STATUSES.map((value) => ({ value, label: t(`deadLettersAdmin.statuses.${value}`) }))}
            />
          </Form.Item>
        </Form>
        {!letters ? (
          <Skeleton active />
        ) : letters.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('deadLettersAdmin.empty')} />
        ) : (
          <>
            <ul className="work-list" data-testid="dead-letters">
              {letters.map(renderLetter)}
            </ul>
            {next && (
              <Button className="page-action" onClick={() => void load(next)}>
                {t('deadLettersAdmin.more')}
              </Button>
            )}
          </>
        )}
      </Section>
      <Section id="failed-emails" title={t('deadLettersAdmin.emails.title')}>
        <FailedEmails />
      </Section>
    </div>
  );
}
